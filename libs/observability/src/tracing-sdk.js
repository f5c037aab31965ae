"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startTracing = startTracing;
exports.stopTracing = stopTracing;
const config_1 = require("../../config/src/index.js");
const observability_config_1 = require("./observability.config");
let sdk;
/**
 * Starts the OpenTelemetry SDK (OTLP over HTTP) when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_ENABLED is
 * set; a no-op otherwise (the SDK is then never even loaded). main.ts calls it before Nest loads.
 * Spans come from the HTTP middleware (one server span per request, W3C traceparent honoured) and
 * from `withSpan` around upstream calls. Resolves to whether tracing is on.
 */
async function startTracing(env = process.env) {
    if (sdk)
        return true;
    const cfg = (0, config_1.loadConfig)(observability_config_1.ObservabilityConfig, env);
    if (!(0, observability_config_1.tracingEnabled)(cfg))
        return false;
    const { NodeSDK } = await import('@opentelemetry/sdk-node');
    // No traceExporter given: the SDK builds the OTLP exporter from the standard OTEL_* variables
    // (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, headers), so all of them work as documented.
    sdk = new NodeSDK({ serviceName: cfg.OTEL_SERVICE_NAME, instrumentations: [] });
    sdk.start();
    return true;
}
async function stopTracing() {
    const s = sdk;
    sdk = undefined;
    await s?.shutdown();
}
//# sourceMappingURL=tracing-sdk.js.map