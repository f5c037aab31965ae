import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { HookHandlerDoneFunction } from 'fastify';
import { httpDuration, httpRequests } from '@gw/observability';
import { routePattern, type GatewayRequest, type GatewayResponse } from '../common/http.types';

/** The matched route pattern (e.g. /SOAP/:endpoint), never the raw URL, so labels stay few and free of identifiers. */
function routeOf(req: GatewayRequest): string {
  const path = routePattern(req);
  // A wildcard route (the schema files) is counted with the unmatched ones: its pattern says nothing.
  return path === undefined || path.includes('*') ? 'unmatched' : path;
}

/**
 * Fastify onRequest hook (routing has happened, nothing else has) timing every request into
 * gw_http_requests_total and gw_http_request_duration_seconds by method, route and status
 * ("aborted" when the client left first); with tracing on, it also opens the server span
 * (continuing an incoming W3C traceparent) that upstream `withSpan` calls nest under.
 */
export function httpMetricsHook(tracing: boolean) {
  const tracer = trace.getTracer('gp-record-gateway');
  return (req: GatewayRequest, reply: GatewayResponse, done: HookHandlerDoneFunction): void => {
    const start = process.hrtime.bigint();
    const res = reply.raw;
    const span = tracing
      ? tracer.startSpan(
          `${req.method} request`,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
          propagation.extract(context.active(), req.headers),
        )
      : undefined;
    // 'close' fires for every request, also when the client gives up before the response is complete;
    // those are counted with status "aborted" rather than lost.
    res.once('close', () => {
      const route = routeOf(req);
      const labels = { method: req.method, route, status: res.writableFinished ? String(res.statusCode) : 'aborted' };
      httpRequests.inc(labels);
      httpDuration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
      if (span) {
        span.updateName(`${req.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
        if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    });
    if (span) context.with(trace.setSpan(context.active(), span), done);
    else done();
  };
}
