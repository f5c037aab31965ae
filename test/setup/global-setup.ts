import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/**
 * Starts a real redis-server on a free loopback port for the whole run and exports its URL as
 * TEST_REDIS_URL (workers inherit process.env). The pid is kept so teardown stops only this one.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export const PID_FILE = join(tmpdir(), `gw-test-redis-${process.pid}.pid`);

export default async function globalSetup(): Promise<void> {
  // Generated state (the embedded sandbox's key) is kept outside the repository during tests, and
  // reused from one run to the next so no test waits for a new RSA-4096 key.
  process.env.GATEWAY_STATE_DIR ||= join(tmpdir(), 'gp-record-gateway-test-state');
  const which = spawnSync('sh', ['-c', 'command -v redis-server']);
  if (which.status !== 0) {
    throw new Error('redis-server is not installed: run `apt-get install -y redis-server` (npm test does this when it can)');
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ping = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping']);
    if (String(ping.stdout).trim() === 'PONG') break;
    if (Date.now() > deadline) throw new Error('redis-server did not answer PING within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  process.env.TEST_REDIS_URL = `redis://127.0.0.1:${port}`;
  process.env.TEST_REDIS_PORT = String(port);
  process.env.TEST_REDIS_PID = String(child.pid);
  writeFileSync(PID_FILE, String(child.pid));
}
