/**
 * End-to-end XCA benchmark over loopback HTTP through the built gateway, on a document cache hit:
 *  - ITI-38 FindDocuments (LeafClass) for the main demonstrator patient;
 *  - ITI-39 retrieve of that document (MTOM response, ~150 KB CCD).
 * Each against a baseline: a bare node:http server in this process answering every POST with the
 * same response bytes. Same connections, duration and cores, so only the ratios mean anything.
 * The first query (PDS → SDS → GP Connect → conversion) is the warm-up and is not measured.
 * Bounded: 10 connections × 5 s each, 127.0.0.1 only. Needs `nest build gateway` (run here first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readSample, soapRequest } from '../support/soap-messages';

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
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';

const queryBody = soapRequest(
  'urn:ihe:iti:2007:CrossGatewayQuery',
  readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml')
    .replace('$patient_id$', '9690937286^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO')
    .replace('returnType="ObjectRef"', 'returnType="LeafClass"'),
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

function run(url: string, body: string): Promise<LoadResult> {
  return autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: DURATION_S });
}

async function compare(label: string, url: string, body: string, check: (bytes: Buffer) => boolean): Promise<boolean> {
  const sample = await fetch(url, { method: 'POST', headers, body });
  const contentType = sample.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await sample.arrayBuffer());
  if (!check(bytes)) throw new Error(`${label}: the warm-up response is not the expected one`);
  await run(url, body);
  const gateway = await run(url, body);
  const baseline = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': contentType }).end(bytes));
  });
  await new Promise<void>((r) => baseline.listen(0, '127.0.0.1', r));
  const bUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`;
  await run(bUrl, body);
  const base = await run(bUrl, body);
  baseline.close();
  const line = (l: string, r: LoadResult) =>
    `  ${l.padEnd(30)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(4)} ms  errors ${r.errors + r.non2xx}`;
  console.log(`${label}, ${CONNECTIONS} connections × ${DURATION_S} s, request ${body.length} B, response ${bytes.length} B`);
  console.log(line('gateway (cache hit)', gateway));
  console.log(line('baseline (node:http, canned)', base));
  console.log(`  throughput ratio gateway/baseline ${(gateway.requests.average / base.requests.average).toFixed(3)}`);
  return gateway.errors + gateway.non2xx === 0;
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
      THROTTLE_LIMIT: '100000000',
      AUDIT_PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789',
    },
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/health/live`, 60_000);
    const iti38 = `http://127.0.0.1:${port}/SOAP/iti38`;
    // Warm-up: the one upstream fetch and conversion; everything measured after it is a cache hit.
    const first = await (await fetch(iti38, { method: 'POST', headers, body: queryBody })).text();
    const uid = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/.exec(first)?.[1];
    if (!uid) throw new Error('warm-up query returned no document');
    const retrieveBody = soapRequest(
      'urn:ihe:iti:2007:CrossGatewayRetrieve',
      `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"><DocumentRequest><HomeCommunityId>${HOME}</HomeCommunityId><RepositoryUniqueId>${REPO}</RepositoryUniqueId><DocumentUniqueId>${uid}</DocumentUniqueId></DocumentRequest></RetrieveDocumentSetRequest>`,
    );
    const ok38 = await compare('ITI-38 FindDocuments LeafClass', iti38, queryBody, (b) => b.includes(uid));
    const ok39 = await compare('ITI-39 retrieve, one document (MTOM)', `http://127.0.0.1:${port}/SOAP/iti39`, retrieveBody, (b) =>
      b.includes('ResponseStatusType:Success'),
    );
    if (!ok38 || !ok39) process.exitCode = 1;
  } finally {
    gw.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
