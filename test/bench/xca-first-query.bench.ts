/**
 * The first ITI-38 for a patient, end to end over loopback HTTP: the built gateway (its own process,
 * XUA off) answers a FindDocuments it has no document for, so it reads PDS, finds the practice in
 * SDS (cached after the first patient, as in service), calls GP Connect, converts the ~300 KB bundle
 * to a CCD, stores it and answers. The NHS sandbox runs in this process, so the gateway process's CPU
 * is the gateway's own work and nothing of the sandbox's.
 *
 * Baseline: the same patient's PDS read and GP Connect POST sent bare to the same sandbox (JSON.parse
 * of both bodies, nothing else), alternated with the gateway's query so both see the same neighbours.
 * The ratio is the gateway's median over the baseline's; the gateway's own share is its CPU per query
 * (from /proc, whole process: GC and helper threads included) and its median minus the baseline's.
 *
 * Each query is a first one (support/first-query-workload.ts): eleven patients, each matched (ITI-55,
 * not timed) and then queried once per gateway start; the gateway is started BENCH_FIRST_QUERY_ROUNDS
 * times (2) for more samples. Each start's first query also pays the cold JIT. 127.0.0.1 only.
 */
import { performance } from 'node:perf_hooks';
import { processCpuUs, recordFigure, runBench, startBuiltGateway } from './support/loopback-load.util';
import { FIRST_QUERY_PATIENTS, matchAll, queryDocuments, startUpstream } from './support/first-query-workload';
import { median } from './support/timing.util';

const ROUNDS = Number(process.env.BENCH_FIRST_QUERY_ROUNDS ?? 2);

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)];

runBench(async () => {
  const upstream = await startUpstream();
  const gateway: number[] = [];
  const floor: number[] = [];
  let cpuUs = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const gw = await startBuiltGateway(upstream.env);
      try {
        await matchAll(gw.url);
        for (const nhs of FIRST_QUERY_PATIENTS) {
          const cpu0 = processCpuUs(gw.pid);
          const t0 = performance.now();
          await queryDocuments(gw.url, nhs);
          gateway.push(performance.now() - t0);
          cpuUs += processCpuUs(gw.pid) - cpu0;
          const t1 = performance.now();
          await upstream.bare.record(nhs);
          floor.push(performance.now() - t1);
        }
      } finally {
        gw.stop();
        await gw.exited;
      }
    }
  } finally {
    await upstream.close();
  }
  const [mg, mf] = [median(gateway), median(floor)];
  const cpuPerQuery = cpuUs / gateway.length;
  const ratio = mg / mf;
  console.log(`First ITI-38 per patient (PDS → SDS → GP Connect → CCD, 122 entries), ${gateway.length} queries`);
  console.log(
    `  gateway   median ${mg.toFixed(1)} ms  p99 ${p99(gateway).toFixed(1)} ms  CPU ${(cpuPerQuery / 1000).toFixed(1)} ms per query`,
  );
  console.log(`  baseline  median ${mf.toFixed(1)} ms  p99 ${p99(floor).toFixed(1)} ms  (bare PDS read + GP Connect POST + JSON.parse)`);
  console.log(`  ratio (median ÷ baseline median) ${ratio.toFixed(2)}; the gateway's own work ${(mg - mf).toFixed(1)} ms of wall time`);
  recordFigure({
    label: 'first ITI-38 for a patient (PDS + SDS + GP Connect + conversion)',
    gateway: { rps: 1000 / mg, p50: mg, p99: p99(gateway) },
    baseline: { rps: 1000 / mf, p50: mf, p99: p99(floor) },
    ratio,
    unit: 'median ÷ bare upstream median; sequential',
    cpuUsPerRequest: cpuPerQuery,
  });
});
