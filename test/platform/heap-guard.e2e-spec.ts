import { child, NS, parseXml, text } from '@gw/soap';
import { startGateway, type StartedGateway } from '../support/gateway-harness';

const SOAP = { 'content-type': 'application/soap+xml; charset=utf-8' };

/**
 * The heap guard, over HTTP: with the threshold set below any real heap (so the heap is always "near
 * its limit"), a large request is refused at once with a retryable 503 SOAP Receiver fault, while
 * small requests and health checks still get through.
 */
describe('heap guard: large bodies refused while the heap is near its limit', () => {
  let gw: StartedGateway;
  beforeAll(async () => {
    gw = await startGateway({ HEAP_GUARD_RATIO: '0.000001', HEAP_GUARD_MIN_BODY_BYTES: '65536', REDIS_URL: '' });
  });
  afterAll(() => gw?.close());

  it('answers a large SOAP request 503 with a Receiver fault and Retry-After, before reading it', async () => {
    const res = await fetch(`${gw.url}/SOAP/iti38`, { method: 'POST', headers: SOAP, body: `<x>${'a'.repeat(200_000)}</x>` });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('content-type')).toContain('application/soap+xml');
    const fault = child(child(parseXml(await res.text()), NS.soap12, 'Body'), NS.soap12, 'Fault');
    expect(text(child(child(fault, NS.soap12, 'Code'), NS.soap12, 'Value'))).toBe('s:Receiver');
  });

  it('lets a small SOAP request and the health check through', async () => {
    const small = await fetch(`${gw.url}/SOAP/iti38`, { method: 'POST', headers: SOAP, body: '<x/>' });
    expect(small.status).not.toBe(503);
    expect((await fetch(`${gw.url}/health/live`)).status).toBe(200);
  });
});

describe('heap guard: off with HEAP_GUARD_RATIO=0', () => {
  let gw: StartedGateway;
  beforeAll(async () => {
    gw = await startGateway({ HEAP_GUARD_RATIO: '0', REDIS_URL: '' });
  });
  afterAll(() => gw?.close());

  it('reads a large request and answers it (a fault about its content, not 503)', async () => {
    const res = await fetch(`${gw.url}/SOAP/iti38`, { method: 'POST', headers: SOAP, body: `<x>${'a'.repeat(200_000)}</x>` });
    expect(res.status).toBe(400);
  });
});
