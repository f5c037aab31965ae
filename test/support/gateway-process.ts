import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  logs: () => string;
}

/** `nest build gateway`, as `npm start` does (the app needs decorator metadata, which tsx does not emit). */
export function buildGateway(): void {
  const build = spawnSync('npx', ['nest', 'build', 'gateway'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nest build gateway failed:\n${build.stdout}${build.stderr}`);
}

/**
 * Starts the built gateway as `npm start` does (node on the development entry, with the embedded
 * sandbox) and resolves with its base URL once it listens. `build: false` reuses the last build.
 */
export function startGatewayProcess(env: Record<string, string>, options: { build?: boolean } = {}): Promise<GatewayProcess> {
  if (options.build !== false) buildGateway();
  const child = spawn(process.execPath, [resolve(ROOT, 'dist/apps/gateway/src/main.dev.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolvePromise, reject) => {
    let started = false;
    const fail = (why: string) => {
      if (started) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}:\n${out}`));
    };
    const timer = setTimeout(() => fail('gateway did not start'), 90_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Gateway listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m && !started) {
        started = true;
        clearTimeout(timer);
        resolvePromise({ child, url: `http://127.0.0.1:${m[1]}`, logs: () => out });
      }
    });
    child.once('exit', (code) => fail(`gateway exited (${code}) before listening`));
  });
}
