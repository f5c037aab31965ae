import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';

/** A free loopback TCP port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * A private redis-server a test may stop and restart (outage tests must not touch the global one that
 * other suites share). Same port across restarts, so clients reconnect to the same URL.
 */
export interface DisposableRedisOptions {
  /**
   * Directory of an append-only file (`appendonly yes`, `appendfsync everysec`, as in
   * docker-compose.yml): a restart replays it. Unset = no persistence, a restart starts empty.
   */
  aofDir?: string;
}

export class DisposableRedis {
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly options: DisposableRedisOptions,
  ) {}

  static async start(options: DisposableRedisOptions = {}): Promise<DisposableRedis> {
    const r = new DisposableRedis(await freePort(), options);
    await r.up();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const persistence = this.options.aofDir
      ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', this.options.aofDir]
      : ['--appendonly', 'no'];
    this.child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', ...persistence], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      // redis-cli rather than a client library: a refused client connection leaves timers behind.
      const ping = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), 'ping']);
      if (String(ping.stdout).trim() === 'PONG') return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    this.child = undefined;
  }
}

/** A plain ioredis client for a test to inspect what really landed in Redis. */
export function inspector(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}
