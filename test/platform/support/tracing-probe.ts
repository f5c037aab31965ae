/**
 * Run by tracing.e2e-spec.ts in its own Node process (via tsx): the OTLP exporter loads node:http with
 * a dynamic import(), which Jest's VM does not allow. Starts tracing from the environment, serves one
 * request through the gateway's HTTP middleware (the real server span), records a withSpan inside it,
 * then shuts the SDK down, which flushes the spans to OTEL_EXPORTER_OTLP_ENDPOINT.
 * Argument: the traceparent to send.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTracing, stopTracing, withSpan } from '@gw/observability';
import { httpMetricsMiddleware } from '../../../apps/gateway/src/metrics/http-metrics.middleware';

async function main(): Promise<void> {
  if (!startTracing()) throw new Error('tracing did not start');
  const middleware = httpMetricsMiddleware(true);
  const server = createServer((req, res) => {
    (req as typeof req & { route?: { path: string } }).route = { path: '/probe/:id' };
    middleware(req, res, () => {
      void withSpan('gw.probe.inner', { 'gw.probe': 'yes' }, async () => undefined).then(() => res.end('ok'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/probe/1`, { headers: { traceparent: process.argv[2] } });
  await res.text();
  await new Promise<void>((r) => server.close(() => r()));
  await stopTracing();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
