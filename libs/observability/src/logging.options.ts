import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { ObservabilityConfig } from './observability.config';
import { loggableUrl, REDACT_PATHS } from './redaction';

export const REQUEST_ID_HEADER = 'x-request-id';
/** An incoming X-Request-ID is kept only when it is a plain token (no spaces, quotes or control characters). */
const WELL_FORMED_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The request id: the caller's X-Request-ID when well-formed, else a new UUID; echoed on the response. */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  const id = value && WELL_FORMED_ID.test(value) ? value : randomUUID();
  if (!res.headersSent) res.setHeader('X-Request-ID', id);
  return id;
}

/** Routes whose successful requests are not logged (probes and scrapes would drown the log). */
const QUIET = /^\/(health|metrics)(\/|\?|$)/;

/**
 * nestjs-pino options: JSON lines with a request id, credentials and patient identifiers redacted,
 * no bodies, no query strings, and no access log for /health and /metrics.
 */
export function loggerParams(cfg: ObservabilityConfig): Params {
  return {
    pinoHttp: {
      level: cfg.LOG_LEVEL,
      // Which instance wrote the line matters once several run behind a balancer.
      base: { service: cfg.OTEL_SERVICE_NAME, hostname: hostname(), pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // The gateway assigns the id before body parsing (so refused requests have one too); reuse it.
      genReqId: (req, res) => (req as { id?: string }).id ?? requestIdFor(req, res),
      autoLogging: { ignore: (req) => QUIET.test(req.url ?? '') },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string; remoteAddress?: string; headers?: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          url: loggableUrl(req.url),
          remoteAddress: req.remoteAddress,
          contentType: req.headers?.['content-type'],
          contentLength: req.headers?.['content-length'],
          userAgent: req.headers?.['user-agent'],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
