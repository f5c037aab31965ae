import { connect } from 'node:net';
import { child, NS, parseXml, text } from '@gw/soap';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes exact bytes to the gateway (framing a client library would never send) and reads the answer until the server closes. */
function sendRaw(baseUrl: string, bytes: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks).toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = raw.slice(0, split < 0 ? raw.length : split).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: split < 0 ? '' : raw.slice(split + 4) });
    });
  });
}

function faultOf(xml: string): { code?: string; reason?: string } {
  const f = child(child(parseXml(xml), NS.soap12, 'Body'), NS.soap12, 'Fault');
  return {
    code: text(child(child(f, NS.soap12, 'Code'), NS.soap12, 'Value')),
    reason: text(child(child(f, NS.soap12, 'Reason'), NS.soap12, 'Text')),
  };
}

/** Requests Node's HTTP parser refuses; `path` is filled in per case. */
const MALFORMED: Array<[string, (path: string) => string, number, RegExp]> = [
  [
    'a non-numeric Content-Length',
    (p) => `POST ${p} HTTP/1.1\r\nHost: gw\r\nContent-Type: application/soap+xml\r\nContent-Length: abc\r\n\r\n<x/>`,
    400,
    /Content-Length/,
  ],
  [
    'two different Content-Lengths',
    (p) => `POST ${p} HTTP/1.1\r\nHost: gw\r\nContent-Type: application/soap+xml\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n<x/>`,
    400,
    /Content-Length/,
  ],
  [
    'Content-Length with Transfer-Encoding: chunked',
    (p) =>
      `POST ${p} HTTP/1.1\r\nHost: gw\r\nContent-Type: application/soap+xml\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    400,
    /Transfer-Encoding/,
  ],
  [
    'a malformed chunk size',
    (p) =>
      `POST ${p} HTTP/1.1\r\nHost: gw\r\nContent-Type: application/soap+xml\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
    400,
    /chunked/,
  ],
  ['a header name with a space', (p) => `POST ${p} HTTP/1.1\r\nHost: gw\r\nBad Header: x\r\n\r\n`, 400, /header/i],
  ['an unknown HTTP version', (p) => `GET ${p} HTTP/9.9\r\nHost: gw\r\n\r\n`, 400, /HTTP version/],
  ['headers over the size limit', (p) => `GET ${p} HTTP/1.1\r\nHost: gw\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, /too large|larger/i],
  [
    'no Host header (HTTP/1.1)',
    (p) => `POST ${p} HTTP/1.1\r\nContent-Type: application/soap+xml\r\nContent-Length: 4\r\nConnection: close\r\n\r\n<x/>`,
    400,
    /Host/,
  ],
];

/**
 * Badly framed requests get a proper answer, never a bare status line: a SOAP 1.2 Sender Fault on
 * the SOAP paths, the gateway's JSON error elsewhere, each with a request id.
 */
describe('badly framed requests over HTTP', () => {
  let gw: StartedGateway;

  beforeAll(async () => {
    gw = await startGateway({ REDIS_URL: '', BODY_LIMIT: '2kb', ADMIN_API_KEY: 'framing-admin-key-0123456789abcdef' });
  });
  afterAll(async () => gw?.close());

  it.each(MALFORMED)('answers %s on a SOAP path with a SOAP 1.2 Sender fault', async (_name, request, status, reason) => {
    const r = await sendRaw(gw.url, request('/SOAP/iti55'));
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/soap\+xml/);
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const f = faultOf(r.body);
    expect(f.code).toBe('s:Sender');
    expect(f.reason).toMatch(reason);
    expect((await validateIhe(r.body, { strict: true })).output).toContain('RESULT: VALID');
  });

  it.each(MALFORMED)('answers %s on an admin path with a JSON error', async (_name, request, status, reason) => {
    // As an admin client sends it: JSON (a SOAP body anywhere is answered as SOAP).
    const r = await sendRaw(gw.url, request('/admin/ceid-map/1.2.3/abc').replace('application/soap+xml', 'application/json'));
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ statusCode: status, requestId: r.headers['x-request-id'] });
    expect(body.message).toMatch(reason);
  });

  it('answers JSON sent to a SOAP path with a 415 SOAP Sender fault, also when the JSON does not parse or is too large', async () => {
    for (const [body, status] of [
      ['{"a":1}', 415],
      ['{"a":', 400],
      [JSON.stringify({ a: 'x'.repeat(3000) }), 413],
    ] as const) {
      const res = await fetch(`${gw.url}/SOAP/iti55`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/soap\+xml/);
      const xml = await res.text();
      expect(faultOf(xml).code).toBe('s:Sender');
      if (status === 413) expect(faultOf(xml).reason).toMatch(/too large/);
    }
  });

  it('still answers bad JSON on an admin path with a JSON 400', async () => {
    const res = await fetch(`${gw.url}/admin/ceid-map/1.2.3/abc`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer framing-admin-key-0123456789abcdef' },
      body: '{"a":',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});
