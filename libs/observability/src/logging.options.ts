import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { ObservabilityConfig } from './observability.config';
import { callerValueFingerprint, loggableUrl, maskCallerText, REDACT_PATHS } from './redaction';

export const REQUEST_ID_HEADER = 'x-request-id';
/**
 * An incoming X-Request-ID is kept as the request id only when it is a UUID: any other caller-chosen
 * string could carry a patient identifier (an NHS number is a well-formed token), and the id is
 * written into every log line, audit record and error body of the request.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function callerRequestId(req: IncomingMessage): string | undefined {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return Array.isArray(incoming) ? incoming[0] : incoming;
}

/** The request id: the caller's X-Request-ID when it is a UUID, else a new UUID. */
export function requestIdFor(req: IncomingMessage): string {
  const value = callerRequestId(req);
  return value && UUID.test(value) ? value : randomUUID();
}

/** The caller's X-Request-ID when it was not kept as the request id: only its fingerprint is logged. */
function replacedCallerId(req: { id?: unknown; headers?: Record<string, unknown> }): string | undefined {
  const raw = req.headers?.[REQUEST_ID_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || !value || value === req.id) return undefined;
  return callerValueFingerprint(value);
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : undefined;
}

/** Routes whose successful requests are not logged (probes and scrapes would drown the log). */
const QUIET = /^\/(health|metrics)(\/|\?|$)/;

/**
 * nestjs-pino options: JSON lines with a request id, credentials and patient identifiers redacted,
 * no bodies, no query strings, and no access log for /health and /metrics.
 */
export function loggerParams(cfg: ObservabilityConfig): Params {
  return {
    // Every route. nestjs-pino's default path ('{/*splat}') matches no request on the Fastify adapter.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: cfg.LOG_LEVEL,
      // Which instance wrote the line matters once several run behind a balancer.
      base: { service: cfg.OTEL_SERVICE_NAME, hostname: hostname(), pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // The gateway assigns the id when the request arrives (so refused requests have one too); reuse it.
      genReqId: (req) => (req as { id?: string }).id ?? requestIdFor(req),
      autoLogging: { ignore: (req) => QUIET.test(req.url ?? '') },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          url: loggableUrl(req.url),
          remoteAddress: req.remoteAddress,
          callerRequestId: replacedCallerId(req),
          // Caller-chosen header values: masked like our own text, never verbatim.
          contentType: maskCallerText(header(req.headers, 'content-type')),
          contentLength: maskCallerText(header(req.headers, 'content-length')),
          userAgent: maskCallerText(header(req.headers, 'user-agent')),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
