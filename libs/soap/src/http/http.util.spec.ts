import { decodeXmlBytes } from './charset.util';
import { parseContentType } from './content-type.util';

describe('parseContentType', () => {
  it('reads a WCF MTOM header with quoted values containing + = : and ;', () => {
    const sut = parseContentType(
      'multipart/related; type="application/xop+xml";start="<http://tempuri.org/0>";boundary="uuid:6b62cda1-bd2f-4ad7-a4b3-2f5ccbf0b1b6+id=5";start-info="application/soap+xml; x"',
    );
    expect(sut.type).toBe('multipart/related');
    expect(sut.params).toEqual({
      type: 'application/xop+xml',
      start: '<http://tempuri.org/0>',
      boundary: 'uuid:6b62cda1-bd2f-4ad7-a4b3-2f5ccbf0b1b6+id=5',
      'start-info': 'application/soap+xml; x',
    });
  });
  it('lower-cases type and parameter names, keeps bare values', () => {
    expect(parseContentType('Application/SOAP+XML; Charset=UTF-8; action=urn:x')).toEqual({
      type: 'application/soap+xml',
      params: { charset: 'UTF-8', action: 'urn:x' },
    });
    expect(parseContentType(undefined)).toEqual({ type: '', params: {} });
  });
});

describe('decodeXmlBytes', () => {
  it('decodes by the declared charset', () => {
    expect(decodeXmlBytes(Buffer.from('<a>Ø</a>', 'latin1'), 'ISO-8859-1')).toBe('<a>Ø</a>');
    expect(decodeXmlBytes(Buffer.from('<a>Ø</a>', 'utf8'), 'utf-8')).toBe('<a>Ø</a>');
  });
  it('falls back to Windows-1252 when bytes declared UTF-8 are not UTF-8 (0xD8 seen from a real sender)', () => {
    expect(decodeXmlBytes(Buffer.from([0x3c, 0x61, 0x3e, 0xd8, 0x3c, 0x2f, 0x61, 0x3e]), 'UTF-8')).toBe('<a>Ø</a>');
  });
  it('uses the BOM, then the XML declaration, when no charset is declared', () => {
    expect(decodeXmlBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a/>')]))).toBe('<a/>');
    expect(decodeXmlBytes(Buffer.from('\ufeff<a>é</a>', 'utf16le'))).toBe('<a>é</a>');
    expect(decodeXmlBytes(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>', 'latin1'))).toContain('<a>é</a>');
  });
});
