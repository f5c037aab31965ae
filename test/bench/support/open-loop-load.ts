/**
 * An open-loop load: requests leave on a fixed schedule (`rate` per second, evenly spaced) whether
 * or not earlier ones have been answered, and each latency counts from the moment its request was
 * due, so a server that falls behind shows it as latency instead of being offered less (autocannon's
 * rate option is a per-second budget per connection, sent back to back: a burst, not a rate).
 * Requests that find every connection busy wait in the client's queue, and that wait is part of their
 * latency, as it would be for a caller.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';

/** The request: fixed bytes, or a factory called per request. */
export interface OpenLoopRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | (() => string);
}

/** Shaped as autocannon's result, so both feed the same reports. */
export interface OpenLoopResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] : 0;

export async function openLoopLoad(
  url: string,
  req: OpenLoopRequest,
  rate: number,
  durationS: number,
  connections: number,
): Promise<OpenLoopResult> {
  const agent = new Agent({ connections, pipelining: 1, keepAliveTimeout: 10_000 });
  const total = Math.round(rate * durationS);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  let settled = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const fire = (due: number) => {
      const body = typeof req.body === 'function' ? req.body() : req.body;
      request(url, { method: req.method ?? 'GET', headers: req.headers, body, dispatcher: agent })
        .then(async (r) => {
          await r.body.arrayBuffer();
          if (r.statusCode < 200 || r.statusCode > 299) non2xx++;
          latencies.push(performance.now() - due);
        })
        .catch(() => errors++)
        .finally(() => {
          if (++settled === total) resolve();
        });
    };
    const tick = () => {
      const dueNow = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < dueNow) fire(start + (sent++ * 1000) / rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  const elapsedS = (performance.now() - start) / 1000;
  await agent.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: { average: latencies.length / elapsedS },
    latency: { p50: Math.round(percentile(latencies, 0.5)), p99: Math.round(percentile(latencies, 0.99)) },
    errors,
    non2xx,
  };
}
