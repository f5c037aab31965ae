/**
 * Platform overhead over loopback HTTP: GET /health/live and GET /metrics on the built gateway (the full
 * middleware stack: request id, metrics, helmet, pino, throttler guard, exception filter) against a bare
 * node:http server in this process answering the same bytes. Both are driven by autocannon with the same
 * connections and duration on the same cores, so only the ratio is meaningful.
 * Bounded: 10 connections × 5 s per run, 127.0.0.1 only. Needs `nest build gateway` (run here first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<LoadResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const ROOT = path.resolve(__dirname, '../..');
const CONNECTIONS = 10;
const DURATION_S = 5;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const load = (url: string): Promise<LoadResult> => autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });

async function main(): Promise<void> {
  const build = spawnSync('npx', ['nest', 'build', 'gateway'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('nest build gateway failed');
  const port = await freePort();
  const gw = spawn(process.execPath, [path.join(ROOT, 'dist/apps/gateway/src/main.js')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NHS_SANDBOX_PORT: '0', LOG_LEVEL: 'error', REDIS_URL: '' },
  });
  try {
    const gateway = `http://127.0.0.1:${port}`;
    await waitFor(`${gateway}/health/live`, 60_000);
    // The baseline answers what the gateway answers, so the difference is the stack, not the payload.
    const liveBody = await (await fetch(`${gateway}/health/live`)).text();
    const metricsBody = await (await fetch(`${gateway}/metrics`)).text();
    const bare = createServer((req, res) => {
      const isMetrics = req.url === '/metrics';
      res.writeHead(200, { 'content-type': isMetrics ? 'text/plain; version=0.0.4; charset=utf-8' : 'application/json; charset=utf-8' });
      res.end(isMetrics ? metricsBody : liveBody);
    });
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
    const baseline = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

    for (const route of ['/health/live', '/metrics']) {
      const b = await load(`${baseline}${route}`);
      const g = await load(`${gateway}${route}`);
      const ratio = g.requests.average / b.requests.average;
      console.log(
        `${route.padEnd(13)} gateway ${g.requests.average.toFixed(0)} req/s (p50 ${g.latency.p50} ms, p99 ${g.latency.p99} ms, ` +
          `errors ${g.errors}, non-2xx ${g.non2xx}) · bare node:http ${b.requests.average.toFixed(0)} req/s (p99 ${b.latency.p99} ms) · ` +
          `throughput ratio ${ratio.toFixed(2)}`,
      );
      if (g.errors || g.non2xx) throw new Error(`${route}: ${g.errors} errors, ${g.non2xx} non-2xx responses`);
    }
    await new Promise<void>((r) => bare.close(() => r()));
  } finally {
    gw.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
