import { startTracing } from '@gw/observability';

/**
 * main.ts imports this first, so the OpenTelemetry SDK is running before Nest and the rest of the
 * gateway load (@gw/observability itself loads no Nest code). Invalid settings are left for the
 * configuration check in main.ts to report, with every other bad key.
 */
export let tracingStarted = false;
try {
  tracingStarted = startTracing();
} catch {
  tracingStarted = false;
}
