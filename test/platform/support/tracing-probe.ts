/**
 * Run by tracing.e2e-spec.ts in its own Node process (via tsx): the OTLP exporter loads node:http with
 * a dynamic import(), which Jest's VM does not allow. Starts tracing from the environment, serves one
 * request through the gateway's HTTP metrics hook on Fastify (the real server span), records a withSpan inside it,
 * then shuts the SDK down, which flushes the spans to OTEL_EXPORTER_OTLP_ENDPOINT.
 * Argument: the traceparent to send.
 */
import fastify from 'fastify';
import { startTracing, stopTracing, withSpan } from '@gw/observability';
import { httpMetricsHook } from '../../../apps/gateway/src/metrics/http-metrics.hook';

async function main(): Promise<void> {
  if (!startTracing()) throw new Error('tracing did not start');
  const app = fastify();
  app.addHook('onRequest', httpMetricsHook(true));
  app.get('/probe/:id', async () => {
    await withSpan('gw.probe.inner', { 'gw.probe': 'yes' }, async () => undefined);
    return 'ok';
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const res = await fetch(`${url}/probe/1`, { headers: { traceparent: process.argv[2] } });
  await res.text();
  await app.close();
  await stopTracing();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
