/**
 * An open-loop load: requests become due on a fixed schedule (`rate` per second, evenly spaced)
 * whether or not earlier ones have been answered, and each latency counts from the moment its
 * request was due, so a server that falls behind shows it as latency instead of being offered less.
 * (autocannon's rate option is a per-second budget per connection sent back to back: a burst.)
 * A due request goes out on an idle keep-alive connection, or waits for the first one to free up,
 * and that wait is part of its latency, as it would be for a caller.
 *
 * The client is a few lines over raw sockets with the request bytes built once (or by the factory),
 * not an HTTP library: on a 2-core machine the load generator shares the cores with the server, and
 * undici cost 330–500 µs of CPU per request here, a third of the gateway's own.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

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

function requestBytes(url: URL, req: OpenLoopRequest, body: string | undefined): Buffer {
  const head = [`${req.method ?? 'GET'} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [k, v] of Object.entries(req.headers ?? {})) head.push(`${k}: ${v}`);
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body, 'utf8');
  if (body !== undefined) head.push(`Content-Length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/**
 * Reads one HTTP/1.1 response at a time from a byte stream (Content-Length or chunked bodies):
 * `feed` returns the status of each response completed by the bytes given.
 */
class ResponseReader {
  private buf: Buffer = Buffer.alloc(0);

  feed(data: Buffer): number[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    const done: number[] = [];
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return done;
      const head = this.buf.subarray(0, end).toString('latin1');
      const status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      let total: number;
      if (length) total = end + 4 + Number(length[1]);
      else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
        const t = chunkedEnd(this.buf, end + 4);
        if (t < 0) return done;
        total = t;
      } else total = end + 4;
      if (this.buf.length < total) return done;
      this.buf = this.buf.subarray(total);
      done.push(status);
    }
  }
}

/** Where a chunked body starting at `at` ends, or -1 while it is incomplete. */
function chunkedEnd(buf: Buffer, at: number): number {
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return -1;
    const size = parseInt(buf.subarray(at, eol).toString('latin1'), 16);
    if (size === 0) return buf.length >= eol + 4 ? eol + 4 : -1;
    at = eol + 2 + size + 2;
    if (at > buf.length) return -1;
  }
}

export async function openLoopLoad(
  url: string,
  req: OpenLoopRequest,
  rate: number,
  durationS: number,
  connections: number,
): Promise<OpenLoopResult> {
  const target = new URL(url);
  const fixed = typeof req.body === 'function' ? undefined : requestBytes(target, req, req.body);
  const make = () => fixed ?? requestBytes(target, req, (req.body as () => string)());
  const total = Math.round(rate * durationS);
  const latencies: number[] = [];
  const waiting: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let sent = 0;
  let settled = 0;
  const idle: Socket[] = [];
  const inFlight = new Map<Socket, number>();
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  const settle = () => {
    if (++settled === total) finish();
  };
  const send = (s: Socket, due: number) => {
    inFlight.set(s, due);
    s.write(make());
  };
  const free = (s: Socket) => {
    inFlight.delete(s);
    const next = waiting.shift();
    if (next !== undefined) send(s, next);
    else idle.push(s);
  };
  const sockets = await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(Number(target.port), target.hostname, () => resolve(s));
          s.setNoDelay(true);
          const reader = new ResponseReader();
          s.on('data', (d: Buffer) => {
            for (const status of reader.feed(d)) {
              const due = inFlight.get(s);
              if (due === undefined) continue;
              latencies.push(performance.now() - due);
              if (status < 200 || status > 299) non2xx++;
              settle();
              free(s);
            }
          });
          s.on('error', (e) => {
            if (inFlight.has(s)) {
              inFlight.delete(s);
              errors++;
              settle();
            }
            reject(e);
          });
        }),
    ),
  );
  idle.push(...sockets);
  const start = performance.now();
  const tick = () => {
    const dueNow = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    while (sent < dueNow) {
      const due = start + (sent++ * 1000) / rate;
      const s = idle.pop();
      if (s) send(s, due);
      else waiting.push(due);
    }
    if (sent < total) setTimeout(tick, 1);
  };
  tick();
  // Bounded: whatever is unanswered 30 s after the last request was due counts as an error.
  const limit = setTimeout(
    () => {
      errors += total - settled;
      finish();
    },
    (durationS + 30) * 1000,
  );
  await finished;
  clearTimeout(limit);
  const elapsedS = (performance.now() - start) / 1000;
  for (const s of sockets) s.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: { average: latencies.length / elapsedS },
    latency: { p50: Math.round(percentile(latencies, 0.5)), p99: Math.round(percentile(latencies, 0.99)) },
    errors,
    non2xx,
  };
}
