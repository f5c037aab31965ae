import { collectDefaultMetrics, register } from 'prom-client';
import { counter, histogram } from './metrics';

/** HTTP requests by method, matched route pattern (never the raw URL) and status. */
export const httpRequests = counter('gw_http_requests_total', 'HTTP requests by method, route and status', [
  'method',
  'route',
  'status',
] as const);

export const httpDuration = histogram('gw_http_request_duration_seconds', 'HTTP request latency by method, route and status', [
  'method',
  'route',
  'status',
] as const);

let defaultsStarted = false;

/** Node process metrics (CPU, memory, event-loop lag, GC), registered once per process. */
export function startDefaultMetrics(): void {
  if (defaultsStarted || register.getSingleMetric('process_cpu_user_seconds_total')) return;
  defaultsStarted = true;
  collectDefaultMetrics();
}
