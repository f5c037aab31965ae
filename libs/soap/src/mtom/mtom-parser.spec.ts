import { buildMtom } from './mtom-builder';
import { cidFromHref, MtomError, parseMtom } from './mtom-parser';

describe('parseMtom', () => {
  const envelope = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>';

  it('reads what buildMtom writes, byte for byte', () => {
    const data = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
    const built = buildMtom(envelope, [{ contentId: 'doc-1@gw', contentType: 'text/xml', data }]);
    const sut = parseMtom(built.body, built.contentType)!;
    expect(sut.root.body.toString('utf8')).toBe(envelope);
    expect(sut.rootCharset).toBe('UTF-8');
    expect(sut.attachments.get('doc-1@gw')).toEqual(data);
    expect(sut.rootNotXop).toBe(false);
  });

  it('finds the boundary in the body when the header has none, accepts bare LF and lower-case headers', () => {
    const body = Buffer.from(
      `\n--b1\ncontent-id: <a>\ncontent-type: application/soap+xml\n\n${envelope}\n--b1\ncontent-id: <p2>\n\nDATA\n--b1--\n`,
    );
    const sut = parseMtom(body, 'multipart/related')!;
    expect(sut.root.contentId).toBe('a');
    expect(sut.rootNotXop).toBe(true);
    expect(sut.attachments.get('p2')?.toString()).toBe('DATA');
  });

  it('takes the part named by start as the root, whatever its position', () => {
    const body = Buffer.from(
      `--b\r\nContent-ID: <att>\r\n\r\nX\r\n--b\r\nContent-ID: <root>\r\nContent-Type: application/xop+xml; charset=utf-8\r\n\r\n${envelope}\r\n--b--`,
    );
    const sut = parseMtom(body, 'multipart/related; boundary=b; start="<root>"')!;
    expect(sut.root.body.toString()).toBe(envelope);
    expect([...sut.attachments.keys()]).toEqual(['att']);
  });

  it('decodes base64 parts', () => {
    const body = Buffer.from(`--b\r\n\r\n${envelope}\r\n--b\r\nContent-ID: <x>\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--b--`);
    expect(parseMtom(body, 'multipart/related; boundary=b')!.attachments.get('x')).toEqual(Buffer.from([0, 1, 2]));
  });

  it('returns undefined for a plain body and refuses truncated or start-less multipart', () => {
    expect(parseMtom(Buffer.from(envelope), 'application/soap+xml')).toBeUndefined();
    expect(() => parseMtom(Buffer.from(`--b\r\n\r\n${envelope}`), 'multipart/related; boundary=b')).toThrow(MtomError);
    expect(() => parseMtom(Buffer.from(`--b\r\n\r\n${envelope}\r\n--b--`), 'multipart/related; boundary=b; start="<nope>"')).toThrow(
      /start part/,
    );
  });

  it('normalises WCF URL-encoded cid hrefs', () => {
    expect(cidFromHref('cid:http%3A%2F%2Ftempuri.org%2F1%2F638')).toBe('http://tempuri.org/1/638');
    expect(cidFromHref('cid:doc-1@gw')).toBe('doc-1@gw');
    expect(cidFromHref('cid:%E0%A4%A')).toBe('%E0%A4%A');
  });
});
