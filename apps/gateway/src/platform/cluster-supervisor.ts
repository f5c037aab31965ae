import cluster, { type Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import type { EnvOverlay } from '@gw/config';

/** More worker deaths than this within CRASH_WINDOW_MS is a crash loop: the supervisor gives up (exit 1). */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;

/**
 * The primary process of cluster mode (GATEWAY_WORKERS > 1): it serves nothing itself. It forks the
 * workers, each of which boots the whole gateway and listens on the same PORT (node:cluster hands
 * out connections round-robin), replaces a worker that dies, and on SIGTERM/SIGINT passes the signal
 * to every worker (each drains as a single process does) and exits once all have. `env` (the NHS
 * endpoints the entry chose) goes to each worker's environment; `afterStop` runs after the last.
 */
export function superviseWorkers(count: number, env: EnvOverlay, afterStop: () => Promise<void> | undefined): void {
  const log = new Logger('Cluster');
  let stopping = false;
  const crashes: number[] = [];
  const fork = (): Worker => cluster.fork({ ...env });

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) {
        log.log('All workers stopped');
        void Promise.resolve(afterStop()).finally(() => process.exit(0));
      }
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
    log.error(
      `Worker ${worker.process.pid} exited (${signal ?? code}); ${crashes.length > MAX_CRASHES ? 'crash loop, giving up' : 'starting another'}`,
    );
    if (crashes.length > MAX_CRASHES) process.exit(1);
    fork();
  });
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal} received: passed to ${Object.keys(cluster.workers ?? {}).length} worker(s)`);
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  log.log(`Cluster mode: starting ${count} workers`);
  for (let i = 0; i < count; i++) fork();
}
