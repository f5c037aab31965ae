import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../../platform/support/redis-server.util';

const ROOT = resolve(__dirname, '../../..');

/** A process of the test, with what it printed (for the failure message). */
export interface RunningProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

function run(command: string, args: string[], env: Record<string, string>, url: string, ready: string): Promise<RunningProcess> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const signal = async (s: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(s);
    await exited;
  };
  const proc: RunningProcess = { url, child, output: () => out, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
  return new Promise((resolvePromise, reject) => {
    const deadline = Date.now() + 90_000;
    let done = false;
    let last = 'no answer';
    child.once('exit', (code) => {
      if (!done) reject(new Error(`${args.at(-1)} exited (${code}) before it answered:\n${out}`));
      done = true;
    });
    const poll = async () => {
      if (done) return;
      try {
        const res = await fetch(`${url}${ready}`);
        if (res.ok) {
          done = true;
          return resolvePromise(proc);
        }
        last = `${res.status} ${(await res.text()).slice(0, 600)}`;
      } catch (e) {
        last = (e as Error).message; // not listening yet
      }
      if (Date.now() > deadline) {
        done = true;
        child.kill('SIGKILL');
        return reject(new Error(`${args.at(-1)} did not answer ${ready} (last: ${last}):\n${out}`));
      }
      setTimeout(() => void poll(), 100);
    };
    void poll();
  });
}

/** Builds the gateway once (nest build: the app needs decorator metadata, which tsx does not emit). */
export function buildGateway(): void {
  const build = spawnSync('npx', ['nest', 'build', 'gateway'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nest build gateway failed:\n${build.stdout}${build.stderr}`);
}

/** The production entry (no embedded sandbox), on a free loopback port, answered once /health/ready is 200. */
export async function startGatewayProcess(env: Record<string, string>): Promise<RunningProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  return run(
    process.execPath,
    [resolve(ROOT, 'dist/apps/gateway/src/main.js')],
    { HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    `http://127.0.0.1:${port}`,
    '/health/ready',
  );
}

/** The NHS sandbox as its own process (apps/nhs-sandbox, as the compose service runs it). */
export async function startSandboxProcess(env: Record<string, string>): Promise<RunningProcess> {
  const port = await freePort();
  return run(
    process.execPath,
    [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'apps/nhs-sandbox/src/main.ts'],
    { NHS_SANDBOX_PORT: String(port), NHS_SANDBOX_HOST: '127.0.0.1', NHS_SANDBOX_PDS_TPS: '100000', ...env },
    `http://127.0.0.1:${port}`,
    '/_sandbox/calls',
  );
}
