/**
 * CPU profile of the built gateway under cached XCA load, summarised by pipeline stage
 * (docs/performance.md holds the published breakdown). Scenarios: ITI-38 FindDocuments with XUA off,
 * the same with XUA required and one valid signed assertion reused (fresh MessageID per request),
 * and ITI-39 retrieve of one ~150 KB CCD (MTOM). The profiler runs only while the load runs (a
 * preloaded SIGUSR2 switch), not during boot or warm-up.
 *
 *   npx tsx test/bench/profile-gateway.ts [iti38-off|iti38-xua|iti39|health|hostile|first-query ...] [--keep DIR]
 *
 * `first-query` profiles first ITI-38s instead (PDS → SDS → GP Connect → conversion), one per patient
 * for the ten patients after a warm-up one, with the NHS sandbox in this process so that the
 * profile is the gateway's own work (support/first-query-workload.ts; not run by default).
 * `hostile` profiles small signed ITI-39s while 4 senders in a child process post the hostile-load
 * benchmark's 4 MB bodies (not run by default).
 *
 * Bounded: 10 connections × 5 s per scenario, 127.0.0.1 only. Builds the gateway first unless
 * BENCH_GATEWAY_BUILT is set. `--keep DIR` keeps the .cpuprofile files (open them in Chrome DevTools).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { summarise, summaryMarkdown } from './support/cpu-profile-summary';
import { load, runBench, startBuiltGateway, type LoadRequest } from './support/loopback-load.util';
import { SOAP_HEADERS, warmXca, xuaPki, type XcaWorkload } from './support/xca-workload';
import { hostileBodies } from './support/hostile-bodies';
import { FIRST_QUERY_PATIENTS, matchAll, queryDocuments, startUpstream } from './support/first-query-workload';
import { assertionXml, securityHeader, signAssertion } from '../soap/saml-fixtures';

interface Scenario {
  title: string;
  xua: boolean;
  /** 4 hostile senders (a child process) run beside the measured load. */
  hostile?: boolean;
  request: (w: XcaWorkload, url: string) => [string, LoadRequest];
}

const SCENARIOS: Record<string, Scenario> = {
  'iti38-off': {
    title: 'Cached ITI-38 FindDocuments (LeafClass), XUA off',
    xua: false,
    request: (w, url) => [`${url}/SOAP/iti38`, { method: 'POST', headers: SOAP_HEADERS, body: w.iti38 }],
  },
  'iti38-xua': {
    title: 'Cached ITI-38 FindDocuments (LeafClass), XUA required, one signed assertion reused',
    xua: true,
    request: (w, url) => [`${url}/SOAP/iti38`, { method: 'POST', headers: SOAP_HEADERS, body: w.iti38 }],
  },
  iti39: {
    title: 'Cached ITI-39 retrieve, one ~150 KB CCD (MTOM), XUA off',
    xua: false,
    request: (w, url) => [`${url}/SOAP/iti39`, { method: 'POST', headers: SOAP_HEADERS, body: w.iti39 }],
  },
  health: {
    title: 'GET /health/live: the HTTP pipeline alone (middleware, guards, logging, metrics), no SOAP',
    xua: false,
    request: (_w, url) => [`${url}/health/live`, { method: 'GET' }],
  },
  hostile: {
    title: 'Small signed ITI-39 (2 connections) while 4 senders post 4 MB hostile bodies, XUA required',
    xua: true,
    hostile: true,
    request: (w, url) => [`${url}/SOAP/iti39`, { method: 'POST', headers: SOAP_HEADERS, body: w.iti39 }],
  },
};

const args = process.argv.slice(2);
const keepAt = args.indexOf('--keep');
const keep = keepAt >= 0 ? path.resolve(args.splice(keepAt, 2)[1]) : undefined;
const chosen = args.length ? args : ['iti38-off', 'iti38-xua', 'iti39'];
const PRELOAD = path.join(__dirname, 'support/cpu-profile-on-signal.cjs');

async function waitForFile(file: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`no profile written to ${file}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 300)); // the write is synchronous; let it finish
}

/** First ITI-38s: the first patient is the warm-up, the other ten are profiled one after another. */
async function profileFirstQueries(out: string): Promise<void> {
  const upstream = await startUpstream();
  const gw = await startBuiltGateway({ ...upstream.env, CPU_PROFILE_OUT: out, SHUTDOWN_DELAY_MS: '0' }, ['-r', PRELOAD]);
  try {
    await matchAll(gw.url);
    const [warm, ...measured] = FIRST_QUERY_PATIENTS;
    await queryDocuments(gw.url, warm);
    process.kill(gw.pid, 'SIGUSR2');
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    for (const nhs of measured) await queryDocuments(gw.url, nhs);
    const ms = performance.now() - t0;
    process.kill(gw.pid, 'SIGUSR2');
    await waitForFile(out, 10_000);
    console.log(`\n### First ITI-38 for a patient (PDS → SDS → GP Connect → conversion of the 122-entry record)\n`);
    console.log(`${measured.length} queries one after another, ${(ms / measured.length).toFixed(1)} ms each on average\n`);
    console.log(summaryMarkdown(summarise(out), measured.length));
  } finally {
    gw.stop();
    await gw.exited;
    await upstream.close();
  }
}

runBench(async () => {
  const dir = keep ? (mkdirSync(keep, { recursive: true }), keep) : mkdtempSync(path.join(tmpdir(), 'gw-profile-'));
  try {
    for (const name of chosen) {
      if (name === 'first-query') {
        await profileFirstQueries(path.join(dir, `${name}.cpuprofile`));
        continue;
      }
      const sc = SCENARIOS[name];
      if (!sc) throw new Error(`unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(', ')}`);
      const out = path.join(dir, `${name}.cpuprofile`);
      const xua = sc.xua ? xuaPki() : undefined;
      const gw = await startBuiltGateway(
        {
          ...(xua?.env ?? { XUA_MODE: 'off' }),
          CPU_PROFILE_OUT: out,
          SHUTDOWN_DELAY_MS: '0',
          // Above the 4 MB hostile bodies, so they reach the parser instead of the 413.
          ...(sc.hostile ? { SOAP_MAX_BODY_BYTES: String(8 * 1024 * 1024) } : {}),
        },
        ['-r', PRELOAD],
      );
      let senders: ReturnType<typeof spawn> | undefined;
      try {
        const w = await warmXca(gw.url, xua?.header ?? '');
        const [url, req] = sc.request(w, gw.url);
        await load(url, req, { durationS: 2 }); // JIT warm-up
        if (sc.hostile && xua) {
          const pki = xua.pki;
          const signed = () =>
            securityHeader(
              signAssertion(assertionXml({ notOnOrAfter: new Date(Date.now() + 1_800_000) }), pki.leafKeyPem, pki.leafCertPem),
            );
          const bodiesFile = path.join(pki.dir, 'hostile-bodies.json');
          writeFileSync(
            bodiesFile,
            JSON.stringify(hostileBodies(signed, securityHeader(signAssertion(assertionXml(), pki.rogueKeyPem, pki.rogueCertPem)))),
          );
          senders = spawn(
            process.execPath,
            ['--import', 'tsx', path.join(__dirname, 'support/hostile-senders.ts'), gw.url, bodiesFile, '4'],
            {
              stdio: ['ignore', 'ignore', 'inherit'],
            },
          );
          await new Promise((r) => setTimeout(r, 1_000));
        }
        process.kill(gw.pid, 'SIGUSR2');
        await new Promise((r) => setTimeout(r, 200));
        const r = await load(url, req, sc.hostile ? { connections: 2 } : {});
        process.kill(gw.pid, 'SIGUSR2');
        senders?.kill('SIGTERM');
        await waitForFile(out, 10_000);
        const requests = Math.round(r.requests.average * 5);
        console.log(`\n### ${sc.title}\n`);
        console.log(
          `${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.non2xx}; profile ${keep ? out : '(discarded)'}\n`,
        );
        console.log(summaryMarkdown(summarise(out), requests));
      } finally {
        gw.stop();
        await gw.exited;
        if (xua) rmSync(xua.pki.dir, { recursive: true, force: true });
      }
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
});
