/**
 * Hostile load over loopback HTTP, XUA required: while 4 MB hostile requests arrive continuously
 * (1M empty header elements with a self-signed assertion, 400k attributes on one element, 4 MB of
 * valid text beside a valid assertion, ITI-38 with 10k Slots, ITI-39 with 10k DocumentRequests),
 * small requests (/health/live and a signed ITI-39) are measured, against the same small requests
 * on the quiet gateway. Prints p50/p99 of both, the peak RSS of the gateway process and whether it
 * survived; fails only when the gateway died or answered a hostile request with a 5xx. The hostile
 * senders run in a child process (support/hostile-senders.ts), so the 4 MB bodies they build and
 * send cost this process, which times the small requests, nothing.
 * Bounded: 3 s quiet + 5 s hostile, 4 hostile senders, 127.0.0.1 only.
 *
 * BENCH_HOSTILE_SECONDS=<n> measures under hostile load for n seconds instead of 5 (a longer run
 * shows whether the gateway's RSS levels off or keeps growing).
 * BENCH_GATEWAY_ENTRY=<path to another build's main.dev.js (main.js before it existed)> runs the same load against that build.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { soapRequest } from '../support/soap-messages';
import { assertionXml, makeTestPki, securityHeader, signAssertion } from '../soap/saml-fixtures';
import { recordFigure, runBench, startBuiltGateway } from './support/loopback-load.util';
import { median } from './support/timing.util';
import { hostileBodies, retrieve } from './support/hostile-bodies';

const RETRIEVE = 'urn:ihe:iti:2007:CrossGatewayRetrieve';
const QUIET_S = 3;
const HOSTILE_S = Math.max(1, Number(process.env.BENCH_HOSTILE_SECONDS) || 5);
const SENDERS = 4;
const SOAP = { 'content-type': 'application/soap+xml; charset=utf-8' };

/** Each send gets a fresh wsa:MessageID (a signed request's MessageID is one-shot), without copying the body. */
function withFreshMessageIds(body: string): () => string {
  const id = /<a:MessageID>([^<]+)<\/a:MessageID>/.exec(body)![1];
  const at = body.indexOf(id);
  const head = body.slice(0, at);
  const tail = body.slice(at + id.length);
  return () => `${head}urn:uuid:${randomUUID()}${tail}`;
}

function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

interface Probe {
  /** Latency of every request, in ms; one still unanswered when the window closed counts with its time so far. */
  latencies: number[];
  unanswered: number;
  failed: number;
}

/**
 * `connections` loops of one request after another for `seconds`. Requests the gateway has not
 * answered when the window closes are counted at their age then (a frozen gateway shows as a
 * long latency, not as no data).
 */
async function probe(seconds: number, connections: number, send: () => Promise<Response>): Promise<Probe> {
  const out: Probe = { latencies: [], unanswered: 0, failed: 0 };
  const until = performance.now() + seconds * 1000;
  const pending = new Set<number>();
  const loop = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      pending.add(t0);
      try {
        const res = await Promise.race([send(), new Promise<'late'>((r) => setTimeout(() => r('late'), Math.max(0, until - t0)))]);
        if (res === 'late') return;
        await res.arrayBuffer();
        if (!res.ok) out.failed++;
      } catch {
        out.failed++;
      }
      pending.delete(t0);
      out.latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  for (const t0 of pending) {
    out.latencies.push(until - t0);
    out.unanswered++;
  }
  return out;
}

function p99(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? 0;
}

const line = (label: string, r: Probe) =>
  `  ${label.padEnd(42)} ${String(r.latencies.length).padStart(5)} requests  p50 ${median(r.latencies).toFixed(0).padStart(5)} ms  p99 ${p99(r.latencies).toFixed(0).padStart(5)} ms  unanswered ${r.unanswered}  failed ${r.failed}`;

runBench(async () => {
  const pki = makeTestPki();
  const signed = () =>
    securityHeader(signAssertion(assertionXml({ notOnOrAfter: new Date(Date.now() + 1_800_000) }), pki.leafKeyPem, pki.leafCertPem));
  const selfSigned = securityHeader(signAssertion(assertionXml(), pki.rogueKeyPem, pki.rogueCertPem));
  const hostile = hostileBodies(signed, selfSigned);
  const small = withFreshMessageIds(soapRequest(RETRIEVE, retrieve(1), { headers: signed() }));
  const bodiesFile = path.join(pki.dir, 'hostile-bodies.json');
  writeFileSync(bodiesFile, JSON.stringify(hostile));

  const gw = await startBuiltGateway({
    XUA_MODE: 'required',
    XUA_TRUSTED_CERTS: pki.caCertFile,
    XUA_AUDIENCE: '',
    // Above the 4 MB hostile bodies, so they reach the parser instead of the 413.
    SOAP_MAX_BODY_BYTES: String(8 * 1024 * 1024),
  });
  let died: number | string | undefined;
  void gw.exited.then((c) => (died = c));
  const rssAtStart = rssMb(gw.pid);
  // Peak RSS per 10 s window: a longer run shows whether it levels off.
  const windowPeaks: number[] = [];
  const sampledFrom = performance.now();
  const sampler = setInterval(() => {
    const w = Math.floor((performance.now() - sampledFrom) / 10_000);
    windowPeaks[w] = Math.max(windowPeaks[w] ?? 0, rssMb(gw.pid));
  }, 100);

  const measure = (seconds: number) =>
    Promise.all([
      probe(seconds, 2, () => fetch(`${gw.url}/health/live`)),
      probe(seconds, 2, () => fetch(`${gw.url}/SOAP/iti39`, { method: 'POST', headers: SOAP, body: small() })),
    ]);
  try {
    await measure(1); // warm-up
    const [quietHealth, quietSoap] = await measure(QUIET_S);

    const senders = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'support/hostile-senders.ts'), gw.url, bodiesFile, String(SENDERS)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let answers = '';
    senders.stdout.on('data', (d: Buffer) => (answers += d.toString()));
    const sendersDone = new Promise<void>((r) => senders.once('exit', () => r()));
    await new Promise((r) => setTimeout(r, 1_000)); // the senders' process starts and its first bodies are on the way
    const [loadedHealth, loadedSoap] = await measure(HOSTILE_S);
    senders.kill('SIGTERM');
    await Promise.race([sendersDone, new Promise((r) => setTimeout(r, 10_000))]);
    const statuses = new Map<string, number>(Object.entries((JSON.parse(answers.trim() || '{}') as Record<string, number>) ?? {}));
    clearInterval(sampler);
    const alive =
      died === undefined &&
      (await fetch(`${gw.url}/health/live`, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.ok,
        () => false,
      ));

    console.log(`Small requests, quiet (${QUIET_S} s) and under ${SENDERS} continuous hostile senders (${HOSTILE_S} s); XUA required`);
    console.log(`  hostile bodies: ${hostile.map((h) => `${h.name} ${(Buffer.byteLength(h.body) / 2 ** 20).toFixed(1)} MB`).join('; ')}`);
    console.log(line('/health/live, quiet', quietHealth));
    console.log(line('/health/live, under hostile load', loadedHealth));
    console.log(line('signed ITI-39 (small), quiet', quietSoap));
    console.log(line('signed ITI-39 (small), under hostile load', loadedSoap));
    const ratio = (a: Probe, b: Probe) => (p99(a.latencies) / Math.max(1, p99(b.latencies))).toFixed(1);
    console.log(`  p99 ratio loaded/quiet: health ${ratio(loadedHealth, quietHealth)}, ITI-39 ${ratio(loadedSoap, quietSoap)}`);
    const fig = (label: string, loaded: Probe, quiet: Probe) =>
      recordFigure({
        label,
        gateway: { rps: loaded.latencies.length / HOSTILE_S, p50: median(loaded.latencies), p99: p99(loaded.latencies) },
        baseline: { rps: quiet.latencies.length / QUIET_S, p50: median(quiet.latencies), p99: p99(quiet.latencies) },
        ratio: p99(loaded.latencies) / Math.max(1, p99(quiet.latencies)),
        unit: 'p99 under hostile load ÷ p99 quiet',
      });
    fig('/health/live under hostile load', loadedHealth, quietHealth);
    fig('small signed ITI-39 under hostile load', loadedSoap, quietSoap);
    console.log(`  hostile answers: ${[...statuses].map(([k, v]) => `${k}×${v}`).join(', ') || 'none completed'}`);
    console.log(
      `  gateway RSS: ${rssAtStart.toFixed(0)} MB at start, peak ${Math.max(rssAtStart, ...windowPeaks.filter(Boolean)).toFixed(0)} MB; ${alive ? 'alive' : `DIED (${died ?? 'not answering'})`}`,
    );
    console.log(`  gateway RSS peak per 10 s: ${Array.from(windowPeaks, (v) => (v ?? 0).toFixed(0)).join(', ')} MB`);
    if (!alive || [...statuses.keys()].some((k) => k.startsWith('5'))) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    gw.stop();
    rmSync(pki.dir, { recursive: true, force: true });
  }
});
