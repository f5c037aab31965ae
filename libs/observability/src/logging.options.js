"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.REQUEST_ID_HEADER = void 0;
exports.requestIdFor = requestIdFor;
exports.loggerParams = loggerParams;
const node_crypto_1 = require("node:crypto");
const redaction_1 = require("./redaction");
exports.REQUEST_ID_HEADER = 'x-request-id';
/** An incoming X-Request-ID is kept only when it is a plain token (no spaces, quotes or control characters). */
const WELL_FORMED_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
/** The request id: the caller's X-Request-ID when well-formed, else a new UUID; echoed on the response. */
function requestIdFor(req, res) {
    const incoming = req.headers[exports.REQUEST_ID_HEADER];
    const value = Array.isArray(incoming) ? incoming[0] : incoming;
    const id = value && WELL_FORMED_ID.test(value) ? value : (0, node_crypto_1.randomUUID)();
    if (!res.headersSent)
        res.setHeader('X-Request-ID', id);
    return id;
}
/** Routes whose successful requests are not logged (probes and scrapes would drown the log). */
const QUIET = /^\/(health|metrics)(\/|\?|$)/;
/**
 * nestjs-pino options: JSON lines with a request id, credentials and patient identifiers redacted,
 * no bodies, no query strings, and no access log for /health and /metrics.
 */
function loggerParams(cfg) {
    return {
        pinoHttp: {
            level: cfg.LOG_LEVEL,
            base: { service: cfg.OTEL_SERVICE_NAME },
            redact: { paths: redaction_1.REDACT_PATHS, censor: '[redacted]' },
            // The gateway assigns the id before body parsing (so refused requests have one too); reuse it.
            genReqId: (req, res) => req.id ?? requestIdFor(req, res),
            autoLogging: { ignore: (req) => QUIET.test(req.url ?? '') },
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
            serializers: {
                req: (req) => ({
                    id: req.id,
                    method: req.method,
                    url: (0, redaction_1.loggableUrl)(req.url),
                    remoteAddress: req.remoteAddress,
                    contentType: req.headers?.['content-type'],
                    contentLength: req.headers?.['content-length'],
                    userAgent: req.headers?.['user-agent'],
                }),
                res: (res) => ({ statusCode: res.statusCode }),
            },
        },
    };
}
//# sourceMappingURL=logging.options.js.map