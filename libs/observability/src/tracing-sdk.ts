import type { NodeSDK } from '@opentelemetry/sdk-node';
import { loadConfig } from '@gw/config';
import { ObservabilityConfig, tracingEnabled } from './observability.config';

let sdk: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry SDK (OTLP over HTTP) when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_ENABLED is
 * set; a no-op otherwise (the SDK is then never even loaded). Synchronous, so the gateway can call it
 * from its first import, before Nest loads. Spans come from the HTTP middleware (one server span per
 * request, W3C traceparent honoured) and from `withSpan` around upstream calls. Returns whether
 * tracing is on. Throws ConfigValidationError when the observability settings are invalid.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): boolean {
  if (sdk) return true;
  const cfg = loadConfig(ObservabilityConfig, env);
  if (!tracingEnabled(cfg)) return false;
  // Loaded only when tracing is on: the SDK is large. require, not import(): this is CommonJS output,
  // and Jest's VM refuses dynamic import() without a flag.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  // No traceExporter given: the SDK builds the OTLP exporter from the standard OTEL_* variables
  // (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, headers), so all of them work as documented.
  sdk = new NodeSDK({ serviceName: cfg.OTEL_SERVICE_NAME, instrumentations: [] });
  sdk.start();
  return true;
}

export async function stopTracing(): Promise<void> {
  const s = sdk;
  sdk = undefined;
  await s?.shutdown();
}
