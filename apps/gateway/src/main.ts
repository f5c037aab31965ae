// First: starts tracing (when configured) before Nest loads.
import { tracingStarted } from './tracing.preload';
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { assertAllConfigValid, ConfigValidationError, loadConfig } from '@gw/config';
import { CacheConfig } from '@gw/cache';
import { loggerParams, maskIdentifiers, ObservabilityConfig, stopTracing } from '@gw/observability';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import { startEmbeddedNhs, type EmbeddedNhs } from './embedded/start-embedded-nhs';
import { createGatewayApp } from './platform/create-gateway-app';
import { PlatformConfig } from './platform/platform.config';

/** Boot failures end with one readable line (or the list of bad settings) and exit 1, never a stack trace. */
function die(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * Boot order: (0) tracing, when configured, from the first import (tracing.preload.ts); (1) the
 * embedded NHS sandbox when no NHS endpoints are configured (it sets their base URLs in the
 * environment); (2) validate all configuration at once (every config class registered itself when
 * the modules above were imported; nothing reads config at import time); (3) the Nest app on HOST:PORT.
 */
/**
 * JSON logs from the first line: what is logged before the Nest app exists (the embedded sandbox)
 * goes through the same pino instance and redaction as the app's logs. An invalid LOG_LEVEL falls
 * back to the default here; validation reports it a moment later.
 */
function jsonLogsFromTheStart(): void {
  let cfg: ObservabilityConfig;
  try {
    cfg = loadConfig(ObservabilityConfig);
  } catch {
    cfg = new ObservabilityConfig();
  }
  const params = loggerParams(cfg);
  Logger.overrideLogger(new PinoNestLogger(new PinoLogger(params), params));
}

async function main(): Promise<void> {
  jsonLogsFromTheStart();
  let embedded: EmbeddedNhs | undefined;
  try {
    embedded = await startEmbeddedNhs();
  } catch (e) {
    die(`Could not start the embedded NHS sandbox: ${(e as Error).message}`);
  }
  try {
    assertAllConfigValid();
  } catch (e) {
    if (e instanceof ConfigValidationError) die(e.message);
    throw e;
  }
  const tracing = tracingStarted;

  const app = await createGatewayApp();
  const cfg = loadConfig(PlatformConfig);
  try {
    await app.listen(cfg.PORT, cfg.HOST);
  } catch (e) {
    await embedded?.close();
    die(`The gateway could not listen on ${cfg.HOST}:${cfg.PORT}: ${(e as Error).message}`);
  }

  const port = (app.getHttpServer().address() as AddressInfo).port;
  const host = ['0.0.0.0', '::'].includes(cfg.HOST) ? 'localhost' : cfg.HOST;
  const base = `http://${host}:${port}`;
  const log = new Logger('Gateway');
  log.log(`Gateway listening on ${base} (bound to ${cfg.HOST}:${port}); SOAP endpoints under ${base}/SOAP/<endpoint>`);
  log.log(
    embedded
      ? `NHS sandbox (embedded) listening on ${embedded.url}`
      : 'NHS endpoints: external (PDS_BASE_URL, SDS_BASE_URL, NHS_TOKEN_URL)',
  );
  log.log(`Health: ${base}/health/live and ${base}/health/ready; metrics: ${base}/metrics`);
  log.log(cfg.SWAGGER_ENABLED ? `API docs (Swagger UI): ${base}/docs` : 'API docs disabled (SWAGGER_ENABLED=false)');
  if (!cfg.ADMIN_API_KEY) log.warn('ADMIN_API_KEY is not set: the admin API under /admin is disabled (503)');
  log.log(`Cache: ${loadConfig(CacheConfig).REDIS_URL ? 'Redis' : 'in-memory'}; tracing: ${tracing ? 'on (OTLP)' : 'off'}`);

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    log.log(`${signal} received, shutting down`);
    // In-flight requests get a few seconds to finish; a connection that never ends must not keep the process up.
    setTimeout(() => {
      log.error('Shutdown did not finish within 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
    await app.close();
    await embedded?.close();
    await stopTracing();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

// A crash is still a crash (exit 1), but it is reported as one JSON log line with identifiers masked,
// not as a raw stack on stderr; the container (restart: unless-stopped) starts a new process.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (e: unknown) => {
    new Logger('Gateway').fatal(`${event}: ${maskIdentifiers((e as Error)?.stack ?? String(e))}`);
    process.exit(1);
  });
}

main().catch((e: unknown) => die(`The gateway failed to start: ${(e as Error)?.message ?? String(e)}`));
