import { parseXml } from '../xml/parse-xml';
import { SoapFault } from '../soap-fault';
import { readEnvelope } from './soap-envelope';

const S = 'http://www.w3.org/2003/05/soap-envelope';

function read(header: string, body = '<x:P xmlns:x="urn:p"/>') {
  return readEnvelope(
    parseXml(`<env:Envelope xmlns:env="${S}"><env:Header>${header}</env:Header><env:Body>${body}</env:Body></env:Envelope>`),
  );
}

function faultOf(fn: () => unknown): SoapFault {
  try {
    fn();
  } catch (e) {
    return e as SoapFault;
  }
  throw new Error('no fault');
}

describe('readEnvelope', () => {
  it('reads WS-Addressing headers by namespace, whatever the prefix', () => {
    const sut = read(
      '<wsa:Action xmlns:wsa="http://www.w3.org/2005/08/addressing">urn:act</wsa:Action><MessageID xmlns="http://www.w3.org/2005/08/addressing"> urn:uuid:1 </MessageID>' +
        '<q:ReplyTo xmlns:q="http://www.w3.org/2005/08/addressing"><q:Address>http://www.w3.org/2005/08/addressing/anonymous</q:Address></q:ReplyTo>',
    );
    expect(sut).toMatchObject({ action: 'urn:act', messageId: 'urn:uuid:1', replyTo: undefined, oldWsa: false });
    expect(sut.payload.local).toBe('P');
  });

  it('accepts the obsolete 2004/08 namespace', () => {
    const sut = read('<w:Action xmlns:w="http://schemas.xmlsoap.org/ws/2004/08/addressing">urn:a</w:Action>');
    expect([sut.action, sut.oldWsa]).toEqual(['urn:a', true]);
  });

  it('reports a non-anonymous ReplyTo', () => {
    expect(
      read('<a:ReplyTo xmlns:a="http://www.w3.org/2005/08/addressing"><a:Address>https://partner/cb</a:Address></a:ReplyTo>').replyTo,
    ).toBe('https://partner/cb');
  });

  it('ignores a WS-A-namespace mustUnderstand (NIST quirk) but faults an unknown SOAP mustUnderstand header', () => {
    expect(() => read('<z:H xmlns:z="urn:z" xmlns:a="http://www.w3.org/2005/08/addressing" a:mustUnderstand="1"/>')).not.toThrow();
    expect(faultOf(() => read(`<z:H xmlns:z="urn:z" xmlns:mustUnderstand="${S}" mustUnderstand:mustUnderstand="true"/>`)).code).toBe(
      'MustUnderstand',
    );
  });

  it('faults duplicate Action headers and an empty Body', () => {
    const two =
      '<a:Action xmlns:a="http://www.w3.org/2005/08/addressing">1</a:Action><a:Action xmlns:a="http://www.w3.org/2005/08/addressing">2</a:Action>';
    expect(faultOf(() => read(two)).subcode?.local).toBe('InvalidAddressingHeader');
    expect(faultOf(() => read('', '')).reason).toMatch(/Body is empty/);
  });

  it('answers SOAP 1.1 with VersionMismatch and a non-envelope with Sender', () => {
    expect(
      faultOf(() => readEnvelope(parseXml('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>'))).code,
    ).toBe('VersionMismatch');
    expect(faultOf(() => readEnvelope(parseXml('<PRPA_IN201305UV02 xmlns="urn:hl7-org:v3"/>'))).code).toBe('Sender');
  });
});
