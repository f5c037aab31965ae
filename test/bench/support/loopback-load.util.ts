/**
 * Shared pieces of the HTTP benchmarks: the built gateway in a child process on a free loopback
 * port, a canned node:http baseline in this process, and one bounded autocannon comparison between
 * them. Both sides run on the same cores with the same connections and duration, so only the ratio
 * is meaningful. Bounded: 10 connections × 5 s per run, 127.0.0.1 only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openLoopLoad } from './open-loop-load';

/** The part of autocannon's result used here (the package ships no type declarations). */
export interface LoadResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<LoadResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

export const CONNECTIONS = 10;
export const DURATION_S = 5;
const ROOT = path.resolve(__dirname, '../../..');

export interface LoadRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Fixed bytes, or a factory called per request (a signed request needs a fresh MessageID each time). */
  body?: string | (() => string);
}

export function bodyOnce(req: LoadRequest): string | undefined {
  return typeof req.body === 'function' ? req.body() : req.body;
}

export function load(url: string, req: LoadRequest = {}, opts: { connections?: number; durationS?: number } = {}): Promise<LoadResult> {
  const make = req.body;
  return autocannon({
    url,
    method: req.method ?? 'GET',
    headers: req.headers,
    ...(typeof make === 'function'
      ? { requests: [{ setupRequest: (r: Record<string, unknown>) => ({ ...r, body: make() }) }] }
      : { body: make }),
    connections: opts.connections ?? CONNECTIONS,
    duration: opts.durationS ?? DURATION_S,
  });
}

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

/** Settings every HTTP benchmark shares: no Redis, quiet logs, the embedded sandbox on any port, no rate limit. */
const BENCH_ENV = {
  HOST: '127.0.0.1',
  LOG_LEVEL: 'error',
  REDIS_URL: '',
  NHS_SANDBOX_PORT: '0',
  THROTTLE_LIMIT: '100000000',
  AUDIT_PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789',
};

export interface BuiltGateway {
  url: string;
  pid: number;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<number | string>;
  stop(): void;
}

/**
 * Starts dist/apps/gateway/src/main.dev.js, the gateway on the embedded sandbox (the app needs decorator metadata, so it runs built, not under
 * tsx). `npm run bench` builds once and sets BENCH_GATEWAY_BUILT; a benchmark run alone builds here.
 * BENCH_GATEWAY_ENTRY runs another build instead (e.g. an earlier revision's, for before/after figures).
 */
export async function startBuiltGateway(env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<BuiltGateway> {
  const entry = process.env.BENCH_GATEWAY_ENTRY;
  if (!process.env.BENCH_GATEWAY_BUILT && !entry) buildGateway();
  const port = await freePort();
  const main = entry ? path.resolve(ROOT, entry) : path.join(ROOT, 'dist/apps/gateway/src/main.dev.js');
  const gw = spawn(process.execPath, [...nodeArgs, main], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...BENCH_ENV, ...env, PORT: String(port) },
  });
  const exited = new Promise<number | string>((resolve) => gw.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}/health/live`, 60_000);
  } catch (e) {
    gw.kill('SIGTERM');
    throw e;
  }
  return { url, pid: gw.pid!, exited, stop: () => gw.kill('SIGTERM') };
}

export function buildGateway(): void {
  const build = spawnSync('npx', ['nest', 'build', 'gateway'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('nest build gateway failed');
}

/** A bare node:http server answering every request with the same bytes: the floor for one route. */
async function cannedServer(bytes: Buffer, contentType: string): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': contentType }).end(bytes));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

/** One figure of the benchmark table: the gateway against its baseline measured in the same run. */
export interface BenchFigure {
  label: string;
  gateway: { rps: number; p50: number; p99: number };
  baseline: { rps: number; p50: number; p99: number };
  /** gateway ÷ baseline throughput (higher is better), or for latency figures baseline-relative as stated in `unit`. */
  ratio: number;
  /** What `ratio` is when it is not throughput ÷ baseline throughput. */
  unit?: string;
  /** CPU time of the gateway process per request, in µs (user + system, from /proc): steadier than req/s on a shared machine. */
  cpuUsPerRequest?: number;
}

/** User + system CPU time of a process so far, in µs (Linux /proc; 0 elsewhere). */
export function processCpuUs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) "; clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}

/** Appends the figure to BENCH_RESULTS_FILE (set by `npm run bench`, read by its README writer). */
export function recordFigure(f: BenchFigure): void {
  if (process.env.BENCH_RESULTS_FILE) appendFileSync(process.env.BENCH_RESULTS_FILE, `${JSON.stringify(f)}\n`);
}

const figures = (r: LoadResult) => ({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 });

const line = (label: string, r: LoadResult): string =>
  `  ${label.padEnd(34)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(4)} ms  errors ${r.errors + r.non2xx}`;

/**
 * Loads `url` on the gateway and a canned baseline that answers with the gateway's own response
 * bytes (so the difference is the stack, not the payload), each after a warm-up run, and prints
 * both and their throughput ratio. `check` must accept the gateway's warm-up response. Returns
 * false when the gateway answered any request with an error.
 */
export async function compareWithCanned(
  label: string,
  url: string,
  req: LoadRequest,
  check: (bytes: Buffer) => boolean,
  gatewayPid?: number,
  /** false: printed only, not a row of the README table (a figure about parts, not the gateway). */
  record = true,
): Promise<boolean> {
  const sample = await fetch(url, { method: req.method ?? 'GET', headers: req.headers, body: bodyOnce(req) });
  const contentType = sample.headers.get('content-type') ?? 'application/octet-stream';
  const bytes = Buffer.from(await sample.arrayBuffer());
  if (!check(bytes)) throw new Error(`${label}: the warm-up response is not the expected one`);
  await load(url, req);
  const cpu0 = gatewayPid ? processCpuUs(gatewayPid) : 0;
  const gateway = await load(url, req);
  const cpuUsPerRequest = gatewayPid ? (processCpuUs(gatewayPid) - cpu0) / Math.max(1, gateway.requests.average * DURATION_S) : undefined;
  const baseline = await cannedServer(bytes, contentType);
  await load(baseline.url, req);
  const base = await load(baseline.url, req);
  baseline.close();
  const ratio = gateway.requests.average / base.requests.average;
  console.log(
    `${label}, ${CONNECTIONS} connections × ${DURATION_S} s, request ${bodyOnce(req)?.length ?? 0} B, response ${bytes.length} B`,
  );
  console.log(line('gateway', gateway));
  console.log(line('baseline (node:http, canned)', base));
  console.log(
    `  throughput ratio gateway/baseline ${ratio.toFixed(3)}` +
      (cpuUsPerRequest === undefined ? '' : `; gateway CPU ${cpuUsPerRequest.toFixed(0)} µs per request`),
  );
  if (record) recordFigure({ label, gateway: figures(gateway), baseline: figures(base), ratio, cpuUsPerRequest });
  return gateway.errors + gateway.non2xx === 0;
}

/**
 * Latency at a fixed offered rate: `rate` requests per second, evenly spaced and open-loop
 * (support/open-loop-load.ts), over up to `connections` connections, to the gateway and to the
 * canned baseline answering its bytes, each after a 2 s warm-up at the same rate. The ratio is the
 * gateway's p99 over the baseline's (lower is better); the absolute p99 is the figure the target names.
 */
export async function latencyAtRate(
  label: string,
  url: string,
  req: LoadRequest,
  check: (bytes: Buffer) => boolean,
  rate: number,
  connections = 32,
): Promise<boolean> {
  const sample = await fetch(url, { method: req.method ?? 'GET', headers: req.headers, body: bodyOnce(req) });
  const contentType = sample.headers.get('content-type') ?? 'application/octet-stream';
  const bytes = Buffer.from(await sample.arrayBuffer());
  if (!check(bytes)) throw new Error(`${label}: the warm-up response is not the expected one`);
  await openLoopLoad(url, req, rate, 2, connections);
  const gateway = await openLoopLoad(url, req, rate, DURATION_S, connections);
  const baseline = await cannedServer(bytes, contentType);
  await openLoopLoad(baseline.url, req, rate, 2, connections);
  const base = await openLoopLoad(baseline.url, req, rate, DURATION_S, connections);
  baseline.close();
  const ratio = gateway.latency.p99 / Math.max(1, base.latency.p99);
  console.log(`${label}: ${rate} req/s offered, open loop, up to ${connections} connections × ${DURATION_S} s`);
  console.log(line('gateway', gateway));
  console.log(line('baseline (node:http, canned)', base));
  console.log(`  p99 gateway ${gateway.latency.p99} ms, baseline ${base.latency.p99} ms; ratio ${ratio.toFixed(2)}`);
  recordFigure({
    label,
    gateway: figures(gateway),
    baseline: figures(base),
    ratio,
    unit: 'p99 ÷ baseline p99 (baseline p99 taken as at least 1 ms)',
  });
  return gateway.errors + gateway.non2xx === 0;
}

/** Entry point wrapper: prints the failure and exits non-zero. */
export function runBench(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
