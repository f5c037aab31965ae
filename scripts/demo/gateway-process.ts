import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { DemoError } from './soap-call';

/**
 * The gateway the demo talks to: one already running, or the built gateway started as a child
 * process on a free port (the app needs decorator metadata, so it runs built, never under tsx).
 */
export const ROOT = path.resolve(__dirname, '../..');
/** The development entry: the gateway on the embedded NHS sandbox, as `npm start` runs it. */
const MAIN = path.join(ROOT, 'dist/apps/gateway/src/main.dev.js');
const READY_TIMEOUT_MS = 120_000;

export async function isReachable(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(3000) });
    return res.ok;
  } catch {
    return false;
  }
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (name.endsWith('.ts')) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

/** True when dist/ is missing or older than a source under apps/ or libs/. */
export function buildIsStale(): boolean {
  if (!existsSync(MAIN)) return true;
  const built = statSync(MAIN).mtimeMs;
  return newestSource(path.join(ROOT, 'apps')) > built || newestSource(path.join(ROOT, 'libs')) > built;
}

export function buildGateway(log: (line: string) => void): void {
  log('Building the gateway (nest build gateway)…');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'gateway'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new DemoError(`nest build gateway failed:\n${r.stdout}${r.stderr}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ChildGateway {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts dist/apps/gateway/src/main.dev.js on 127.0.0.1 and a free port, with the embedded sandbox on
 * any free port, and waits for /health/ready (or /health/live, for a gateway whose NHS endpoints are
 * not meant to answer). Its log is kept, and shown only if it fails to start.
 */
export async function startGatewayProcess(env: NodeJS.ProcessEnv = {}, wait: 'ready' | 'live' = 'ready'): Promise<ChildGateway> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NHS_SANDBOX_PORT: '0', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const until = Date.now() + READY_TIMEOUT_MS;
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));
  while (Date.now() < until) {
    if (exitCode !== undefined) throw new DemoError(`the gateway exited (code ${exitCode}) before it was ready:\n${output.trim()}`);
    try {
      const res = await fetch(`${url}/health/${wait}`, { signal: AbortSignal.timeout(3000) });
      if (res.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new DemoError(`the gateway started on ${url} was not ${wait} within ${READY_TIMEOUT_MS / 1000} s:\n${output.trim()}`);
}
