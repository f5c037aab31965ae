import { SoapEdgeService } from './soap-edge.service';
import { AuditConfig, AuditService } from '@gw/audit';
import { ReplyToSender } from './reply-to.sender';
import { IheDispatcher } from '../routing/ihe-dispatcher.service';
import { SoapConfig } from '../soap.config';
import { SoapXmlParser } from '../parse-pool/soap-xml-parser';
import { buildMtom } from '../mtom/mtom-builder';
import { parseXml } from '../xml/parse-xml';
import { child, text } from '../xml/xml-element';
import { NS } from '../soap.constants';
import { MessageReplayGuard, XuaConfig, type XuaVerifier } from '@gw/xua';

/** Deterministic pseudo-random numbers (LCG), so every run cuts and flips the same bytes. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('SoapEdgeService on damaged input', () => {
  const action = 'urn:test:Echo';
  const audit = new AuditService(Object.assign(new AuditConfig(), { AUDIT_PSEUDONYM_KEY: 'k'.repeat(32) }));
  const dispatcher = new IheDispatcher({} as never, audit);
  dispatcher.register({
    options: {
      transaction: 'TEST',
      actions: [action],
      endpoint: 'echo',
      service: 'RespondingGateway',
      payload: { ns: 'urn:test', local: 'Echo' },
    },
    handler: {
      handle: async () => ({ action: 'urn:test:EchoResponse', bodyXml: '<t:R xmlns:t="urn:test"/>', report: { status: 'ok', audit: [] } }),
    },
  });
  const xua = { mode: 'off', verify: () => ({ identity: { source: 'default' } }) } as unknown as XuaVerifier;
  const sut = new SoapEdgeService(
    new SoapConfig(),
    dispatcher,
    xua,
    new ReplyToSender(),
    new MessageReplayGuard(Object.assign(new XuaConfig(), { XUA_MODE: 'off' })),
    audit,
    new SoapXmlParser(new SoapConfig()),
  );
  const envelope =
    `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${NS.soap12}" xmlns:a="${NS.wsa}"><s:Header><a:Action s:mustUnderstand="1">${action}</a:Action>` +
    `<a:MessageID>urn:uuid:1</a:MessageID></s:Header><s:Body><x:Echo xmlns:x="urn:test">é<x:D/></x:Echo></s:Body></s:Envelope>`;
  const mtom = buildMtom(envelope, [
    { contentId: 'p1@x', contentType: 'application/octet-stream', data: Buffer.from('--MIME\r\n\r\nbinary') },
  ]);

  /**
   * Every answer is a well-formed SOAP 1.2 envelope: a response or a fault with the WS-A fault
   * action. Damage is the sender's, so never a Receiver fault (an internal error that escaped);
   * VersionMismatch and MustUnderstand are 500 by the SOAP 1.2 HTTP binding and are fine.
   */
  function assertSoap(status: number, body: Buffer): void {
    expect([200, 400, 415, 500]).toContain(status);
    const text0 = body.toString('utf8');
    const mtomRoot = /\r\n\r\n(<\?xml[\s\S]*<\/s:Envelope>)/.exec(text0)?.[1];
    const env = parseXml(mtomRoot ?? text0);
    expect(env.ns).toBe(NS.soap12);
    const fault = child(child(env, NS.soap12, 'Body'), NS.soap12, 'Fault');
    if (status === 200) expect(fault).toBeUndefined();
    else expect(text(child(child(env, NS.soap12, 'Header'), NS.wsa, 'Action'))).toBe('http://www.w3.org/2005/08/addressing/soap/fault');
    if (status === 500) expect(text(child(child(fault, NS.soap12, 'Code'), NS.soap12, 'Value'))).not.toBe('s:Receiver');
  }

  it('audits its own faults as refusals, with the transaction once routed and no patient data', async () => {
    const before = audit.recent(1000).length;
    await sut.handle({ endpoint: 'echo', contentType: 'text/plain', body: Buffer.from('x') });
    await sut.handle({ endpoint: 'echo', contentType: 'application/soap+xml', body: Buffer.from(envelope.replace('<x:D/>', '<x:D>')) });
    const wrongPayload = envelope.replace('<x:Echo xmlns:x="urn:test">é<x:D/></x:Echo>', '<x:Other xmlns:x="urn:test"/>');
    await sut.handle({ endpoint: 'echo', contentType: 'application/soap+xml', body: Buffer.from(wrongPayload) });
    const records = audit.recent(1000).slice(before);
    expect(records.map((r) => [r.transaction, r.outcome, r.requester.source])).toEqual([
      ['SOAP', 'refused', 'default'],
      ['SOAP', 'refused', 'default'],
      ['TEST', 'refused', 'default'],
    ]);
    expect(records.map((r) => r.detail)).toEqual(['fault:Sender', 'fault:Sender', expect.stringMatching(/^fault:Sender/)]);
  });

  it('answers every truncation of a plain request with a response or a SOAP fault', async () => {
    const bytes = Buffer.from(envelope, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut += 7) {
      const r = await sut.handle({ endpoint: 'echo', contentType: 'application/soap+xml; charset=utf-8', body: bytes.subarray(0, cut) });
      assertSoap(r.status, r.body);
      if (cut < bytes.length) expect(r.status).not.toBe(200);
    }
  });

  it('answers every truncation of an MTOM request with a response or a SOAP fault', async () => {
    for (let cut = 0; cut <= mtom.body.length; cut += 5) {
      const r = await sut.handle({ endpoint: 'echo', contentType: mtom.contentType, body: mtom.body.subarray(0, cut) });
      assertSoap(r.status, r.body);
    }
  });

  it('answers requests with random bytes flipped with a response or a SOAP fault', async () => {
    const rnd = lcg(20261201);
    for (const base of [Buffer.from(envelope, 'utf8'), mtom.body]) {
      for (let i = 0; i < 300; i++) {
        const bytes = Buffer.from(base);
        for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
        const ct = base === mtom.body ? mtom.contentType : 'application/soap+xml; charset=utf-8';
        const r = await sut.handle({ endpoint: 'echo', contentType: ct, body: bytes });
        assertSoap(r.status, r.body);
      }
    }
  });
});
