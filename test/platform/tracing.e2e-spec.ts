import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { resetConfigCache } from '@gw/config';
import { startTracing } from '@gw/observability';

const ROOT = resolve(__dirname, '../..');

/**
 * Tracing end to end, in a child process (see support/tracing-probe.ts): the SDK exports over
 * OTLP/HTTP to a stand-in collector here; the server span continues the caller's W3C traceparent and
 * carries the route; a withSpan inside it is exported in the same trace. OTLP/HTTP defaults to
 * protobuf, where ids travel as raw bytes and names as plain UTF-8, which is what is checked.
 */
describe('tracing (OTLP)', () => {
  const bodies: Buffer[] = [];
  let collector: Server;
  let endpoint: string;

  beforeAll(async () => {
    collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/v1/traces') bodies.push(Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => collector.close(() => r())));

  it('is off by default (no endpoint, no flag)', () => {
    resetConfigCache();
    expect(startTracing({})).toBe(false);
  });

  it('exports the request span (continuing the incoming traceparent) and its child spans', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'gw-trace-test' };
    const code = await new Promise<number | null>((done) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', resolve(__dirname, 'support/tracing-probe.ts'), `00-${traceId}-00f067aa0ba902b7-01`],
        { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] },
      );
      child.on('exit', done);
    });
    expect(code).toBe(0);
    const all = Buffer.concat(bodies);
    expect(all.includes(Buffer.from(traceId, 'hex'))).toBe(true);
    expect(all.includes(Buffer.from('GET /probe/:id'))).toBe(true);
    expect(all.includes(Buffer.from('http.route'))).toBe(true);
    expect(all.includes(Buffer.from('gw.probe.inner'))).toBe(true);
    expect(all.includes(Buffer.from('gw-trace-test'))).toBe(true);
  });
});
