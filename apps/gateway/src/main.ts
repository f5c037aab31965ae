// First: starts tracing (when configured) before Nest loads.
import { tracingStarted } from './tracing.preload';
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { ConfigValidationError, loadConfig } from '@gw/config';
import { CacheConfig } from '@gw/cache';
import { loggerParams, maskIdentifiers, ObservabilityConfig, stopTracing } from '@gw/observability';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import { trustDemoSignerForSandboxService } from './embedded/demo-signer-trust';
import { startEmbeddedNhs, type EmbeddedNhs } from './embedded/start-embedded-nhs';
import { printBootBanner } from './platform/boot-banner';
import { assertBootConfigValid } from './platform/boot-config';
import { createGatewayApp } from './platform/create-gateway-app';
import { PlatformConfig } from './platform/platform.config';
import { HttpDrain } from './platform/shutdown/http-drain.service';
import { SHUTDOWN_CLOSE_MARGIN_MS, ShutdownConfig } from './platform/shutdown/shutdown.config';

/** Boot failures end with one readable line (or the list of bad settings) and exit 1, never a stack trace. */
function die(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * Boot order: (0) tracing, when configured, from the first import (tracing.preload.ts); (1) validate
 * all configuration at once, before anything listens (boot-config.ts); (2) the embedded NHS sandbox
 * when no NHS endpoints are configured (it sets their base URLs in the environment); (3) the Nest app
 * on HOST:PORT, then the banner saying where everything is (boot-banner.ts).
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
  // Nothing listens before every setting is known to be good (the embedded sandbox included).
  try {
    assertBootConfigValid();
  } catch (e) {
    if (e instanceof ConfigValidationError) die(e.message);
    throw e;
  }
  let embedded: EmbeddedNhs | undefined;
  try {
    embedded = await startEmbeddedNhs();
  } catch (e) {
    die(`Could not start the embedded NHS sandbox: ${(e as Error).message}`);
  }
  if (!embedded) {
    try {
      trustDemoSignerForSandboxService(new Logger('EmbeddedNhs'));
    } catch (e) {
      die((e as Error).message);
    }
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
  printBootBanner({
    base,
    bound: `${cfg.HOST}:${port}`,
    sandboxUrl: embedded?.url,
    swagger: cfg.SWAGGER_ENABLED,
    adminEnabled: !!cfg.ADMIN_API_KEY,
    cache: loadConfig(CacheConfig).REDIS_URL ? 'Redis' : 'in-memory',
    tracing,
  });

  // Graceful shutdown (ShutdownConfig): readiness 503 and `Connection: close` at once; on SIGTERM the
  // listener stays open SHUTDOWN_DELAY_MS so a load balancer sees the 503 first; then app.close()
  // closes the listener, waits for in-flight requests (HttpDrain) and only then closes the NHS
  // clients and Redis; the embedded sandbox, standing in for the NHS, closes after them.
  const stop = loadConfig(ShutdownConfig);
  const drain = app.get(HttpDrain);
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    drain.begin();
    const delay = signal === 'SIGTERM' ? stop.SHUTDOWN_DELAY_MS : 0;
    const bound = delay + stop.SHUTDOWN_DRAIN_TIMEOUT_MS + SHUTDOWN_CLOSE_MARGIN_MS;
    log.log(`${signal} received, shutting down: readiness 503; listener closes in ${delay} ms, then in-flight requests finish`);
    // A connection that never ends must not keep the process up.
    setTimeout(() => {
      log.error(`Shutdown did not finish within ${bound} ms; exiting`);
      process.exit(1);
    }, bound).unref();
    if (delay) await new Promise((r) => setTimeout(r, delay));
    await app.close();
    await embedded?.close();
    await stopTracing();
    log.log('Shutdown complete');
    process.exit(0);
  };
  // `on`, not `once`: a second SIGTERM (orchestrators repeat it) must not kill the process mid-drain.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
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
