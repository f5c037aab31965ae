/**
 * End-to-end SOAP benchmark over loopback HTTP: ITI-55 patient discovery through the built gateway
 * (SOAP edge → PDS adapter with OAuth → embedded NHS sandbox PDS → PRPA_IN201306UV02), against a
 * baseline: a bare node:http server in this process answering every POST with the same response
 * bytes. Both are driven by autocannon with the same connections and duration, on the same cores,
 * so only the ratio is meaningful. Bounded: 10 connections × 5 s each, 127.0.0.1 only.
 * Needs `nest build gateway` (run here first) because the app relies on decorator metadata.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readSample, soapRequest, withPdqParameters } from '../support/soap-messages';

/** The part of autocannon's result used here (the package ships no type declarations). */
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

const body = soapRequest(
  'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery',
  withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), {
    ids: [{ root: '2.16.840.1.113883.2.1.4.1', extension: '9690937278' }],
    family: 'SAMUAL',
    given: ['Lucien'],
    birthTime: '19381211',
    gender: 'M',
  }),
);
const headers = { 'content-type': 'application/soap+xml; charset=utf-8' };

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

function run(url: string): Promise<LoadResult> {
  return autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: DURATION_S });
}

async function main(): Promise<void> {
  const build = spawnSync('npx', ['nest', 'build', 'gateway'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('nest build gateway failed');
  const port = await freePort();
  const gw = spawn(process.execPath, [path.join(ROOT, 'dist/apps/gateway/src/main.js')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      XUA_MODE: 'off',
      LOG_LEVEL: 'error',
      REDIS_URL: '',
      NHS_SANDBOX_PORT: '0',
      NHS_SANDBOX_PDS_TPS: '100000',
      THROTTLE_LIMIT: '100000000',
      AUDIT_PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789',
    },
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/health/live`, 60_000);
    const gwUrl = `http://127.0.0.1:${port}/SOAP/iti55`;
    const sample = await fetch(gwUrl, { method: 'POST', headers, body });
    const responseBytes = Buffer.from(await sample.arrayBuffer());
    if (!responseBytes.toString('utf8').includes('<queryResponseCode code="OK"/>'))
      throw new Error('warm-up request did not find the patient');
    await run(gwUrl); // warm-up (JIT, token cache, connection pools)
    const gateway = await run(gwUrl);

    const baseline = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/soap+xml; charset=utf-8' }).end(responseBytes));
    });
    await new Promise<void>((r) => baseline.listen(0, '127.0.0.1', r));
    const bUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`;
    await run(bUrl);
    const base = await run(bUrl);
    baseline.close();

    const line = (label: string, r: LoadResult) =>
      `${label.padEnd(34)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(4)} ms  errors ${r.errors + r.non2xx}`;
    console.log(`ITI-55, ${CONNECTIONS} connections × ${DURATION_S} s, request ${body.length} B, response ${responseBytes.length} B`);
    console.log(line('gateway (edge + PDS over HTTP)', gateway));
    console.log(line('baseline (node:http, canned)', base));
    console.log(`throughput ratio gateway/baseline ${(gateway.requests.average / base.requests.average).toFixed(3)}`);
    if (gateway.errors + gateway.non2xx > 0) process.exitCode = 1;
  } finally {
    gw.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
