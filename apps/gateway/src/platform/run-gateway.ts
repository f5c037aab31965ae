import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { ConfigValidationError, envWith, loadConfig, type EnvOverlay } from '@gw/config';
import { CacheConfig } from '@gw/cache';
import { loggerParams, maskIdentifiers, ObservabilityConfig, stopTracing } from '@gw/observability';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import { printBootBanner } from './boot-banner';
import { assertBootConfigValid } from './boot-config';
import { superviseWorkers } from './cluster-supervisor';
import { createGatewayApp } from './create-gateway-app';
import { PlatformConfig } from './platform.config';
import { HttpDrain } from './shutdown/http-drain.service';
import { SHUTDOWN_CLOSE_MARGIN_MS, ShutdownConfig } from './shutdown/shutdown.config';

/** Boot failures end with one readable line (or the list of bad settings) and exit 1, never a stack trace. */
export function die(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** Where the NHS endpoints come from: the settings the app reads on top of the environment, and a sandbox it started. */
export interface NhsEndpoints {
  env: EnvOverlay;
  /** Base URL of an NHS sandbox this process runs (shown in the banner), closed after the app. */
  sandbox?: { url: string; close(): Promise<void> };
}

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

/**
 * A crash is still a crash (exit 1), but it is reported as one JSON log line with identifiers masked,
 * not as a raw stack on stderr; the container (restart: unless-stopped) starts a new process.
 */
function reportCrashes(): void {
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (e: unknown) => {
      new Logger('Gateway').fatal(`${event}: ${maskIdentifiers((e as Error)?.stack ?? String(e))}`);
      process.exit(1);
    });
  }
}

/**
 * Boot order, shared by the production entry (main.ts) and the development one (main.dev.ts):
 * (0) tracing, when configured, from the entry's first import (tracing.preload.ts); (1) validate all
 * configuration at once, before anything listens (boot-config.ts); (2) `endpoints`: the entry's NHS
 * endpoint settings (the development entry starts the embedded sandbox here); (3) the Nest app on
 * HOST:PORT, then the banner saying where everything is (boot-banner.ts); then graceful shutdown.
 */
export function runGateway(tracing: boolean, endpoints: (logger: Logger) => Promise<NhsEndpoints>): void {
  reportCrashes();
  if (cluster.isPrimary && clusterWorkers() > 1) {
    // The NHS endpoints (the embedded sandbox, in development) are the primary's, one for all workers.
    endpoints(new Logger('EmbeddedNhs'))
      .then(({ env, sandbox }) => superviseWorkers(clusterWorkers(), env, () => sandbox?.close()))
      .catch((e: unknown) => die(`The gateway failed to start: ${(e as Error)?.message ?? String(e)}`));
    return;
  }
  boot(tracing, endpoints).catch((e: unknown) => die(`The gateway failed to start: ${(e as Error)?.message ?? String(e)}`));
}

let workersSetting: number | undefined;

/**
 * GATEWAY_WORKERS, read in the primary after validating every setting once (so a bad configuration
 * fails here rather than in a restart loop of workers). Above 1 this process becomes the supervisor.
 */
function clusterWorkers(): number {
  if (workersSetting !== undefined) return workersSetting;
  jsonLogsFromTheStart();
  try {
    assertBootConfigValid();
    workersSetting = loadConfig(PlatformConfig).GATEWAY_WORKERS;
  } catch (e) {
    if (e instanceof ConfigValidationError) die(e.message);
    throw e;
  }
  if (workersSetting > 1 && !loadConfig(CacheConfig).REDIS_URL) {
    die('GATEWAY_WORKERS > 1 needs REDIS_URL: the workers must share the document cache, matches, replay store and rate limit');
  }
  return workersSetting;
}

async function boot(tracing: boolean, endpoints: (logger: Logger) => Promise<NhsEndpoints>): Promise<void> {
  jsonLogsFromTheStart();
  // Nothing listens before every setting is known to be good (the embedded sandbox included).
  try {
    assertBootConfigValid();
  } catch (e) {
    if (e instanceof ConfigValidationError) die(e.message);
    throw e;
  }
  const { env, sandbox } = await endpoints(new Logger('EmbeddedNhs'));

  const app = await createGatewayApp({ env });
  const cfg = loadConfig(PlatformConfig);
  try {
    await app.listen(cfg.PORT, cfg.HOST);
  } catch (e) {
    await sandbox?.close();
    die(`The gateway could not listen on ${cfg.HOST}:${cfg.PORT}: ${(e as Error).message}`);
  }

  const port = (app.getHttpServer().address() as AddressInfo).port;
  const host = ['0.0.0.0', '::'].includes(cfg.HOST) ? 'localhost' : cfg.HOST;
  const base = `http://${host}:${port}`;
  const log = new Logger('Gateway');
  printBootBanner({
    base,
    bound: `${cfg.HOST}:${port}`,
    sandboxUrl: sandbox?.url,
    swagger: cfg.SWAGGER_ENABLED,
    adminEnabled: !!cfg.ADMIN_API_KEY,
    cache: loadConfig(CacheConfig, envWith(env)).REDIS_URL ? 'Redis' : 'in-memory',
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
    await sandbox?.close();
    await stopTracing();
    log.log('Shutdown complete');
    process.exit(0);
  };
  // `on`, not `once`: a second SIGTERM (orchestrators repeat it) must not kill the process mid-drain.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
