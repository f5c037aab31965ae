import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server.util';

const cli = (port: number, ...args: string[]) =>
  spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A Redis Cluster of three primaries (no replicas) on loopback, made with `redis-cli --cluster create`. */
export class DisposableRedisCluster {
  private constructor(
    readonly ports: number[],
    private readonly children: ChildProcess[],
    private readonly dir: string,
  ) {}

  static async start(): Promise<DisposableRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'gw-cluster-'));
    const ports = [await freePort(), await freePort(), await freePort()];
    const children = ports.map((port) =>
      spawn(
        'redis-server',
        [
          '--bind',
          '127.0.0.1',
          '--port',
          String(port),
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { stdio: 'ignore' },
      ),
    );
    for (const port of ports) await until(`redis-server ${port} start`, () => cli(port, 'ping').stdout.trim() === 'PONG');
    const create = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
      {
        encoding: 'utf8',
      },
    );
    if (create.status !== 0) throw new Error(`cluster create failed: ${create.stdout}${create.stderr}`);
    for (const port of ports)
      await until(`cluster state ok on ${port}`, () => /cluster_state:ok/.test(cli(port, 'cluster', 'info').stdout));
    return new DisposableRedisCluster(ports, children, dir);
  }

  get url(): string {
    return `redis+cluster://${this.ports.map((p) => `127.0.0.1:${p}`).join(',')}`;
  }

  /** How many keys each primary holds (to check the keys really spread over the cluster). */
  keysPerNode(): number[] {
    return this.ports.map((p) => Number(cli(p, 'dbsize').stdout.trim()));
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map((c) =>
        c.exitCode !== null ? undefined : new Promise<void>((r) => (c.once('exit', () => r()), c.kill('SIGKILL'))),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
