import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { attr, child, children, descendants, parseXml, text, NS, type XmlElement } from '@gw/soap';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { readSample, soapRequest, withPdqParameters } from '../support/soap-messages';

const HL7 = 'urn:hl7-org:v3';
const NHS_OID = '2.16.840.1.113883.2.1.4.1';
const ITI55 = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
const ITI55_DEFERRED = 'urn:hl7-org:v3:PRPA_IN201305UV02:Deferred:CrossGatewayPatientDiscovery';
const DEFERRED_RESPONSE = 'urn:hl7-org:v3:PRPA_IN201306UV02:Deferred:CrossGatewayPatientDiscovery';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * The initiating gateway's deferred-response endpoint, on loopback: records every POST and answers
 * per path (/ok 200, /flaky 503 once then 200, /redirect 307 to /evil, /hold only when released).
 */
class DeferredListener {
  readonly received: Received[] = [];
  private waiters: Array<{ path: string; resolve: (r: Received) => void }> = [];
  private flakyFailed = false;
  private held: ServerResponse[] = [];
  private server!: Server;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.received.push(r);
        if (r.path === '/flaky' && !this.flakyFailed) {
          this.flakyFailed = true;
          res.writeHead(503).end();
        } else if (r.path === '/redirect') {
          res.writeHead(307, { Location: `${this.base}/evil` }).end();
        } else if (r.path === '/hold') {
          this.held.push(res);
        } else {
          res.writeHead(200, { 'content-type': 'application/soap+xml' }).end('<ack/>');
        }
        for (const w of this.waiters.filter((w) => w.path === r.path)) w.resolve(r);
        this.waiters = this.waiters.filter((w) => w.path !== r.path);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next POST to `path` (or one already received and not yet taken by `count`). */
  next(path: string): Promise<Received> {
    return new Promise((resolve) => this.waiters.push({ path, resolve }));
  }

  count(path: string): number {
    return this.received.filter((r) => r.path === path).length;
  }

  release(): void {
    for (const res of this.held.splice(0)) res.writeHead(200).end();
  }

  async close(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const found = SANDBOX_PATIENTS.found[0];

/** The IPF ITI-55 sample as a deferred request for the sandbox patient, with respondTo after receiver (schema order). */
function deferredQuery(respondTo: string | undefined, opts: { family?: string; messageExt?: string } = {}): string {
  let xml = withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), {
    ids: [{ root: NHS_OID, extension: found.nhsNumber }],
    family: opts.family ?? found.family,
    given: found.given?.slice(0, 1),
    birthTime: found.birthDate?.replace(/-/g, ''),
    gender: found.gender === 'male' ? 'M' : found.gender === 'female' ? 'F' : undefined,
  }).replace('<responsePriorityCode code="I"/>', '<responsePriorityCode code="D"/>');
  if (opts.messageExt) xml = xml.replace('extension="35423"', `extension="${opts.messageExt}"`);
  if (respondTo === undefined) return xml;
  return xml.replace(
    '</receiver>',
    `</receiver><respondTo typeCode="RSP"><telecom value="${respondTo}"/>` +
      `<entityRsp classCode="PUB" determinerCode="INSTANCE"><id root="1.2.840.114350.1.13.999.567"/></entityRsp></respondTo>`,
  );
}

async function post(gw: StartedGateway, payload: string, action = ITI55_DEFERRED, messageId = `urn:uuid:${randomUUID()}`) {
  const res = await fetch(`${gw.url}/SOAP/iti55`, {
    method: 'POST',
    headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
    body: soapRequest(action, payload, { messageId }),
  });
  const body = await res.text();
  const env = parseXml(body);
  const header = child(env, NS.soap12, 'Header');
  const mcci = child(child(env, NS.soap12, 'Body'), HL7, 'MCCI_IN000002UV01');
  const ack = child(mcci, HL7, 'acknowledgement');
  return {
    status: res.status,
    body,
    messageId,
    action: text(child(header, NS.wsa, 'Action')),
    ack: attr(child(ack, HL7, 'typeCode'), 'code'),
    detail: attr(child(child(ack, HL7, 'acknowledgementDetail'), HL7, 'code'), 'code'),
    fault: text(descendants(env, NS.soap12, 'Text')[0]),
    faultCode: text(child(child(descendants(env, NS.soap12, 'Fault')[0], NS.soap12, 'Code'), NS.soap12, 'Value')),
  };
}

function deferredAnswer(r: Received): { header: XmlElement | undefined; msg: XmlElement | undefined } {
  const env = parseXml(r.body);
  return { header: child(env, NS.soap12, 'Header'), msg: child(child(env, NS.soap12, 'Body'), HL7, 'PRPA_IN201306UV02') };
}

async function metric(gw: StartedGateway, outcome: string): Promise<number> {
  const body = await (await fetch(`${gw.url}/metrics`)).text();
  const line = body.split('\n').find((l) => l.startsWith(`gw_xcpd_deferred_total{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Waits (bounded by Jest's timeout, never asserted on time) until the counter reaches `n`. */
async function metricReaches(gw: StartedGateway, outcome: string, n: number): Promise<void> {
  while ((await metric(gw, outcome)) < n) await new Promise((r) => setTimeout(r, 25));
}

describe('ITI-55 deferred mode: MCCI acknowledgement, then PRPA_IN201306UV02 POSTed to the allowed respondTo', () => {
  const listener = new DeferredListener();
  let gw: StartedGateway;

  beforeAll(async () => {
    await listener.start();
    gw = await startGateway({
      XCPD_DEFERRED_REPLY_TO_ALLOWED: [`${listener.base}/ok`, `${listener.base}/flaky`, `${listener.base}/redirect`].join(','),
      XCPD_DEFERRED_RETRY_BASE_MS: '20',
    });
  });
  afterAll(async () => {
    await gw?.close();
    await listener.close();
  });

  it('acknowledges with MCCI AA, then sends the answer as a SOAP request with the deferred response Action', async () => {
    const delivered = listener.next('/ok');
    const r = await post(gw, deferredQuery(`${listener.base}/ok`, { messageExt: 'deferred-1' }));
    expect([r.status, r.action, r.ack, r.detail]).toEqual([200, 'urn:hl7-org:v3:MCCI_IN000002UV01', 'AA', undefined]);
    expect((await validateIhe(r.body, { strict: true })).errors).toBe(0);

    const got = await delivered;
    expect(got.headers['content-type']).toContain('application/soap+xml');
    expect(got.headers['content-type']).toContain(`action="${DEFERRED_RESPONSE}"`);
    const { header, msg } = deferredAnswer(got);
    expect(text(child(header, NS.wsa, 'Action'))).toBe(DEFERRED_RESPONSE);
    expect(text(child(header, NS.wsa, 'RelatesTo'))).toBe(r.messageId);
    expect(text(child(header, NS.wsa, 'To'))).toBe(`${listener.base}/ok`);
    expect(text(child(header, NS.wsa, 'MessageID'))).toMatch(/^urn:uuid:/);
    expect(attr(child(child(msg, HL7, 'acknowledgement'), HL7, 'typeCode'), 'code')).toBe('AA');
    const target = child(child(child(msg, HL7, 'acknowledgement'), HL7, 'targetMessage'), HL7, 'id');
    expect(attr(target, 'extension')).toBe('deferred-1');
    const cap = child(msg, HL7, 'controlActProcess');
    expect(attr(child(child(cap, HL7, 'queryAck'), HL7, 'queryResponseCode'), 'code')).toBe('OK');
    const ids = descendants(cap, HL7, 'patient').map((p) => attr(child(p, HL7, 'id'), 'extension'));
    expect(ids).toEqual([found.nhsNumber]);
    expect((await validateIhe(got.body, { strict: true })).errors).toBe(0);
  });

  it('answers a deferred request with the same disclosure rules: demographics that disagree get NF, no subject', async () => {
    const delivered = listener.next('/ok');
    const r = await post(gw, deferredQuery(`${listener.base}/ok`, { family: 'NOTTHEPATIENT' }), ITI55);
    expect(r.ack).toBe('AA');
    const { msg } = deferredAnswer(await delivered);
    const cap = child(msg, HL7, 'controlActProcess');
    expect(attr(child(child(cap, HL7, 'queryAck'), HL7, 'queryResponseCode'), 'code')).toBe('NF');
    expect(children(cap, HL7, 'subject')).toHaveLength(0);
  });

  it('refuses an address not on XCPD_DEFERRED_REPLY_TO_ALLOWED with a Sender fault, and sends nothing there', async () => {
    const r = await post(gw, deferredQuery(`${listener.base}/evil`));
    expect(r.status).toBe(400);
    expect(r.faultCode).toBe('s:Sender');
    expect(r.fault).toContain('respondTo address');
    expect(r.body).not.toContain('MCCI_IN000002UV01');
    // Another origin, or the allowed URL with user info, is not allowed either.
    for (const other of ['http://127.0.0.2:9/ok', listener.base.replace('http://', 'http://user@') + '/ok']) {
      expect((await post(gw, deferredQuery(other))).faultCode).toBe('s:Sender');
    }
  });

  it('NAKs a deferred request without respondTo with MCCI AE SYN105', async () => {
    const r = await post(gw, deferredQuery(undefined));
    expect([r.status, r.ack, r.detail]).toEqual([200, 'AE', 'SYN105']);
    expect((await validateIhe(r.body, { strict: true })).errors).toBe(0);
  });

  it('retries a 503 with back-off and delivers the answer once', async () => {
    const before = await metric(gw, 'delivered');
    const first = listener.next('/flaky');
    const r = await post(gw, deferredQuery(`${listener.base}/flaky`));
    expect(r.ack).toBe('AA');
    await first;
    const second = await listener.next('/flaky');
    expect(deferredAnswer(second).msg).toBeDefined();
    await metricReaches(gw, 'delivered', before + 1);
    expect(listener.count('/flaky')).toBe(2);
  });

  it('never follows a redirect: the answer is not carried to an address nobody allowed', async () => {
    const before = await metric(gw, 'rejected');
    const r = await post(gw, deferredQuery(`${listener.base}/redirect`));
    expect(r.ack).toBe('AA');
    await metricReaches(gw, 'rejected', before + 1);
    expect(listener.count('/redirect')).toBe(1);
    expect(listener.count('/evil')).toBe(0);
  });
});

describe('ITI-55 deferred mode is bounded', () => {
  const listener = new DeferredListener();
  let gw: StartedGateway;

  beforeAll(async () => {
    await listener.start();
    gw = await startGateway({ XCPD_DEFERRED_REPLY_TO_ALLOWED: listener.base, XCPD_DEFERRED_QUEUE_MAX: '1' });
  });
  afterAll(async () => {
    await gw?.close();
    await listener.close();
  });

  it('refuses a deferred request with a Receiver fault while XCPD_DEFERRED_QUEUE_MAX are waiting, and takes one again after', async () => {
    const held = listener.next('/hold');
    expect((await post(gw, deferredQuery(`${listener.base}/hold`))).ack).toBe('AA');
    await held;
    const busy = await post(gw, deferredQuery(`${listener.base}/any-path`));
    expect([busy.status, busy.faultCode]).toEqual([500, 's:Receiver']);
    expect(busy.fault).toContain('retry later');
    // The counters are per process: other gateways in this file have delivered before.
    const before = await metric(gw, 'delivered');
    listener.release();
    await metricReaches(gw, 'delivered', before + 1);
    const ok = listener.next('/any-path');
    expect((await post(gw, deferredQuery(`${listener.base}/any-path`))).ack).toBe('AA');
    expect(deferredAnswer(await ok).msg).toBeDefined();
  });
});

describe('ITI-55 deferred mode with no allowed address', () => {
  let gw: StartedGateway;
  beforeAll(async () => {
    gw = await startGateway({ XCPD_DEFERRED_REPLY_TO_ALLOWED: '' });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('NAKs with MCCI AE NS250 (deferred mode not supported)', async () => {
    const r = await post(gw, deferredQuery('http://127.0.0.1:9/ok'));
    expect([r.status, r.ack, r.detail]).toEqual([200, 'AE', 'NS250']);
  });
});
