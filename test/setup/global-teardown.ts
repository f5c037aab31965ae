import { rmSync } from 'node:fs';
import { PID_FILE } from './global-setup';

/** Stops the redis-server that globalSetup started (by its pid only) and removes its pid file. */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.TEST_REDIS_PID);
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  rmSync(PID_FILE, { force: true });
}
