import { Agent, RetryAgent, request, type Dispatcher } from 'undici';
import { counter, histogram, withSpan } from '@gw/observability';

/**
 * One outbound call to an NHS service, with a hard deadline, metrics and a span.
 * Shared by the PDS, SDS, GP Connect and token clients so every upstream is measured the same way.
 * Nothing about the patient is recorded: labels are the service, operation, and status/code.
 */
export type UpstreamService = 'pds' | 'sds' | 'gp-connect' | 'nhs-oauth';

const latency = histogram('gw_upstream_request_duration_seconds', 'Latency of calls to NHS services', [
  'service',
  'operation',
  'status',
] as const);
const errors = counter('gw_upstream_errors_total', 'Failed calls to NHS services by error code', ['service', 'operation', 'code'] as const);

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export class UpstreamTimeoutError extends Error {
  override readonly name = 'UpstreamTimeoutError';
}
export class UpstreamNetworkError extends Error {
  override readonly name = 'UpstreamNetworkError';
  constructor(readonly code: string) {
    super(`network error ${code}`);
  }
}

export interface UpstreamCallOptions {
  service: UpstreamService;
  operation: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  dispatcher: Dispatcher;
  /** Largest response body accepted (default 32 MiB); a larger one fails as RESPONSE_TOO_LARGE. */
  maxBytes?: number;
}

/**
 * The Spine error code of an OperationOutcome body (PDS, SDS, GP Connect all put it in
 * issue[0].details.coding[0].code), used as the error metric's code label; the HTTP status otherwise.
 */
export function errorCodeLabel(status: number, text: string): string {
  const body = parseJson<{ resourceType?: string; error?: unknown; issue?: Array<{ details?: { coding?: Array<{ code?: string }> } }> }>(
    text,
  );
  // OAuth2 errors carry their code in `error` (invalid_request, public_key error, ...).
  const code =
    body?.resourceType === 'OperationOutcome'
      ? body.issue?.[0]?.details?.coding?.[0]?.code
      : typeof body?.error === 'string'
        ? body.error
        : undefined;
  return code && /^[A-Za-z0-9_ .-]{1,64}$/.test(code) ? code : String(status);
}

/**
 * Pooled dispatcher for one upstream. Idempotent reads get a RetryAgent (502/503/504, plus 429
 * where the service asks clients to back off); the final response is passed through unchanged
 * (throwOnError false) so the caller maps it to a typed outcome.
 */
export function upstreamDispatcher(opts: { retries: number; retryStatusCodes?: number[]; maxRetryWaitMs?: number }): Dispatcher {
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  if (opts.retries <= 0) return agent;
  return new RetryAgent(agent, {
    maxRetries: opts.retries,
    minTimeout: 100,
    maxTimeout: opts.maxRetryWaitMs ?? 2_000,
    timeoutFactor: 2,
    methods: ['GET'],
    statusCodes: opts.retryStatusCodes ?? [502, 503, 504],
    errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET'],
    throwOnError: false,
  });
}

function isTimeout(e: unknown): boolean {
  const err = e as { name?: string; code?: string };
  return (
    err?.name === 'TimeoutError' ||
    err?.name === 'AbortError' ||
    err?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    err?.code === 'UND_ERR_BODY_TIMEOUT' ||
    err?.code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}

export async function upstreamCall(o: UpstreamCallOptions): Promise<UpstreamResponse> {
  const started = process.hrtime.bigint();
  let status = 'error';
  try {
    return await withSpan(`${o.service}.${o.operation}`, { 'upstream.service': o.service, 'http.method': o.method }, async () => {
      try {
        const res = await request(o.url, {
          method: o.method,
          headers: o.headers,
          body: o.body,
          dispatcher: o.dispatcher,
          signal: AbortSignal.timeout(o.timeoutMs),
          headersTimeout: o.timeoutMs,
          bodyTimeout: o.timeoutMs,
        });
        const text = await readLimited(res.body, o.maxBytes ?? DEFAULT_MAX_BYTES);
        status = String(res.statusCode);
        if (res.statusCode >= 400) errors.inc({ service: o.service, operation: o.operation, code: errorCodeLabel(res.statusCode, text) });
        return { status: res.statusCode, headers: res.headers, text };
      } catch (e) {
        if (isTimeout(e)) {
          status = 'timeout';
          errors.inc({ service: o.service, operation: o.operation, code: 'timeout' });
          throw new UpstreamTimeoutError(`${o.service} ${o.operation} exceeded ${o.timeoutMs} ms`);
        }
        const code = (e as { code?: string }).code ?? 'network';
        errors.inc({ service: o.service, operation: o.operation, code });
        throw new UpstreamNetworkError(code);
      }
    });
  } finally {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latency.observe({ service: o.service, operation: o.operation, status }, seconds);
  }
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** Reads a body as UTF-8, giving up (and dropping the connection) past maxBytes. */
async function readLimited(body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown }, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      const err = Object.assign(new Error(`response larger than ${maxBytes} bytes`), { code: 'RESPONSE_TOO_LARGE' });
      body.destroy(err);
      throw err;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body, or undefined when it is not JSON (a malformed upstream answer). */
export function parseJson<T = unknown>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Joins a base URL and a path without doubling or dropping '/'. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Retry-After (seconds or HTTP date) in ms. */
export function retryAfterMs(h: string | string[] | undefined): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (!v) return undefined;
  const n = Number(v);
  if (!Number.isNaN(n)) return n * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - Date.now());
}
