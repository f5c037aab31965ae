"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.withSpan = withSpan;
const api_1 = require("@opentelemetry/api");
const tracer = api_1.trace.getTracer('gp-record-gateway');
/**
 * Runs fn inside an active span. With no OpenTelemetry SDK started (the default) the API is a
 * no-op, so this costs nearly nothing. Attributes must never hold patient data.
 */
async function withSpan(name, attributes, fn) {
    return tracer.startActiveSpan(name, { attributes }, async (span) => {
        try {
            return await fn();
        }
        catch (e) {
            span.setStatus({ code: api_1.SpanStatusCode.ERROR, message: e.name });
            throw e;
        }
        finally {
            span.end();
        }
    });
}
//# sourceMappingURL=tracing.js.map