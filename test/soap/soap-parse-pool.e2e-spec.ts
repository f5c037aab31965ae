import { rmSync } from 'node:fs';
import { child, NS, parseXml, SoapXmlParser, text } from '@gw/soap';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { soapRequest } from '../support/soap-messages';
import { assertionXml, makeTestPki, securityHeader, signAssertion, type TestPki } from './saml-fixtures';

const RETRIEVE = 'urn:ihe:iti:2007:CrossGatewayRetrieve';
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';
const RETRIEVE_ONE =
  `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"><DocumentRequest><HomeCommunityId>${HOME}</HomeCommunityId>` +
  `<RepositoryUniqueId>${REPO}</RepositoryUniqueId><DocumentUniqueId>2.25.1</DocumentUniqueId></DocumentRequest></RetrieveDocumentSetRequest>`;
/** Past the default worker threshold (256 Ki characters), inside every limit. */
const PADDING = `<x:pad xmlns:x="urn:x">${'a'.repeat(300_000)}</x:pad>`;

/** ITI-39 answers (faults too) are MTOM: the envelope is the root part. */
const envelopeOf = (body: string) => body.slice(body.indexOf('<s:Envelope'), body.indexOf('</s:Envelope>') + '</s:Envelope>'.length);

function faultOf(body: string): { code?: string; reason?: string } {
  const fault = child(child(parseXml(envelopeOf(body)), NS.soap12, 'Body'), NS.soap12, 'Fault');
  return {
    code: text(child(child(fault, NS.soap12, 'Code'), NS.soap12, 'Value')),
    reason: text(child(child(fault, NS.soap12, 'Reason'), NS.soap12, 'Text')),
  };
}

async function workerParses(gw: StartedGateway, outcome: string): Promise<number> {
  const metrics = await (await fetch(`${gw.url}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith(`gw_soap_parse_worker_total{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Response ids, timestamps and MIME boundaries differ between two answers to the same request; the rest must not. */
const comparable = (body: string) =>
  envelopeOf(body)
    .replace(/urn:uuid:[0-9a-f-]{36}/g, 'urn:uuid:*')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T');

/**
 * Large envelopes are parsed in a worker thread, over HTTP with XUA required (so the assertion's
 * source range and the ID counts cross the thread boundary too): the same answer as a parse on the
 * event loop, a retryable fault when the pool is full, a fault (never a bare 500) when a worker
 * dies or hangs, and the pool serves again afterwards.
 */
describe('SOAP edge: large envelopes parsed in the parse pool', () => {
  let pki: TestPki;
  let pooled: StartedGateway;
  let inline: StartedGateway;
  let signed: () => string;
  const xua = () => ({ XUA_MODE: 'required', XUA_TRUSTED_CERTS: pki.caCertFile, XUA_AUDIENCE: 'urn:gw:test-audience', REDIS_URL: '' });
  const post = async (gw: StartedGateway, body: string) => {
    const res = await fetch(`${gw.url}/SOAP/iti39`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body,
    });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      contentType: res.headers.get('content-type') ?? '',
      body: await res.text(),
    };
  };
  const large = () => soapRequest(RETRIEVE, RETRIEVE_ONE, { headers: signed() + PADDING });

  beforeAll(async () => {
    pki = makeTestPki();
    signed = () => securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem));
    pooled = await startGateway({ ...xua(), SOAP_PARSE_WORKERS: '1', SOAP_PARSE_QUEUE_LENGTH: '0', SOAP_PARSE_WORKER_DEADLINE_MS: '1000' });
    inline = await startGateway({ ...xua(), SOAP_PARSE_WORKERS: '0' });
  });
  afterAll(async () => {
    await pooled?.close();
    await inline?.close();
    rmSync(pki.dir, { recursive: true, force: true });
  });

  it('parses a large signed envelope in a worker and answers exactly as a parse on the event loop does', async () => {
    const body = large();
    const before = await workerParses(pooled, 'parsed');
    const inWorker = await post(pooled, body);
    expect(await workerParses(pooled, 'parsed')).toBe(before + 1);
    const onLoop = await post(inline, body);
    expect(await workerParses(pooled, 'parsed')).toBe(before + 1);
    expect(inWorker.status).toBe(200);
    expect(inWorker.body).toContain('RetrieveDocumentSetResponse');
    expect(inWorker.status).toBe(onLoop.status);
    expect(comparable(inWorker.body)).toBe(comparable(onLoop.body));
  });

  it('refuses a large envelope over a limit in the worker with the same Sender fault', async () => {
    const body = soapRequest(RETRIEVE, RETRIEVE_ONE, { headers: signed() + '<x:h xmlns:x="urn:x"/>'.repeat(20_000) });
    const inWorker = await post(pooled, body);
    expect(inWorker.status).toBe(400);
    expect(faultOf(inWorker.body)).toEqual({ code: 's:Sender', reason: 'The message exceeds a size limit: more than 10000 elements' });
    expect(faultOf((await post(inline, body)).body)).toEqual(faultOf(inWorker.body));
  });

  it('answers a large envelope with a retryable 503 Receiver fault while the pool and its queue are full; a hung worker is replaced', async () => {
    const parser = pooled.app.get(SoapXmlParser);
    parser.pool.injectFault('hang');
    const hung = post(pooled, large());
    while (parser.pool.inFlight === 0) await new Promise((r) => setTimeout(r, 10));

    const busy = await post(pooled, large());
    expect(busy.status).toBe(503);
    expect(busy.retryAfter).toBe('1');
    expect(busy.contentType).toContain('application/soap+xml');
    expect(faultOf(busy.body).code).toBe('s:Receiver');

    // The small request is parsed on the event loop and is not held up by the full pool.
    const small = await post(pooled, soapRequest(RETRIEVE, RETRIEVE_ONE, { headers: signed() }));
    expect(small.status).toBe(200);

    const afterDeadline = await hung;
    expect(afterDeadline.contentType).toContain('application/soap+xml');
    expect(faultOf(afterDeadline.body).code).toBe('s:Receiver');
    expect((await post(pooled, large())).status).toBe(200);
  });

  it('answers with a Receiver fault when the worker dies mid-parse, and the next large envelope is parsed by its replacement', async () => {
    const parser = pooled.app.get(SoapXmlParser);
    const before = await workerParses(pooled, 'crashed');
    parser.pool.injectFault('exit');
    const crashed = await post(pooled, large());
    expect(crashed.contentType).toContain('application/soap+xml');
    expect(faultOf(crashed.body)).toEqual({ code: 's:Receiver', reason: expect.stringContaining('could not be parsed') });
    expect(await workerParses(pooled, 'crashed')).toBe(before + 1);

    const parsed = await workerParses(pooled, 'parsed');
    expect((await post(pooled, large())).status).toBe(200);
    expect(await workerParses(pooled, 'parsed')).toBe(parsed + 1);
  });
});
