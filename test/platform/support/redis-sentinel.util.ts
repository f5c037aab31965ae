import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server.util';

const cli = (port: number, ...args: string[]) =>
  spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A primary, one replica and one Sentinel watching them as "mymaster", on loopback. */
export class DisposableSentinelSet {
  private constructor(
    readonly dataPorts: number[],
    readonly sentinelPort: number,
    private readonly children: ChildProcess[],
    private readonly dir: string,
  ) {}

  static async start(): Promise<DisposableSentinelSet> {
    const dir = mkdtempSync(join(tmpdir(), 'gw-sentinel-'));
    const [primary, replica, sentinel] = [await freePort(), await freePort(), await freePort()];
    const server = (port: number, ...extra: string[]) =>
      // --dir: a replica's full sync writes an RDB file even with --save '', and it must not land in the repository.
      spawn(
        'redis-server',
        [
          '--bind',
          '127.0.0.1',
          '--port',
          String(port),
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
          '--dbfilename',
          `dump-${port}.rdb`,
          ...extra,
        ],
        {
          stdio: 'ignore',
        },
      );
    const children = [server(primary), server(replica, '--replicaof', '127.0.0.1', String(primary))];
    await until('replica in sync', () => /master_link_status:up/.test(cli(replica, 'info', 'replication')));
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinel}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor mymaster 127.0.0.1 ${primary} 1`,
        'sentinel down-after-milliseconds mymaster 1000',
        'sentinel failover-timeout mymaster 5000',
        '',
      ].join('\n'),
    );
    children.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    await until('sentinel sees the replica', () => /num-slaves\n1/.test(cli(sentinel, 'sentinel', 'master', 'mymaster')));
    return new DisposableSentinelSet([primary, replica], sentinel, children, dir);
  }

  get url(): string {
    return `redis+sentinel://127.0.0.1:${this.sentinelPort}/mymaster`;
  }

  /** The port Sentinel names as the primary now. */
  primaryPort(): number {
    return Number(cli(this.sentinelPort, 'sentinel', 'get-master-addr-by-name', 'mymaster').split('\n')[1]);
  }

  /** SENTINEL FAILOVER: the replica is promoted, the old primary becomes its replica. */
  failover(): void {
    const reply = cli(this.sentinelPort, 'sentinel', 'failover', 'mymaster');
    if (reply !== 'OK') throw new Error(`sentinel failover: ${reply}`);
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
