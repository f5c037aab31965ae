/**
 * Converter benchmark: the largest shared bundle and synthetic records scaled from the shared bundles
 * (12.5k, 25k, 50k entries). Per input, measured in this process: median ms of JSON.parse + conversion,
 * the floor (JSON.parse of the same text + building an XML string of the output's size), their ratio,
 * ms per entry (linearity) and peak RSS; for the small real record also the same ratio for back-to-back runs
 * without a forced GC in between (see measureWarm). Targets: ≤ 2× the floor, linear, 50k entries < 2 s and < 512 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { convertBundleToCcd, type CcdOptions } from '@gw/ccda';
import { largestSharedBundle, syntheticRecord } from './ccda-synthetic-record.util';
import { median } from './support/timing.util';

const OPTIONS: CcdOptions = {
  documentId: '5d3a1f7e-2b4c-4d6e-8f90-a1b2c3d4e5f6',
  effectiveTime: new Date('2026-03-04T05:06:07Z'),
  custodian: { name: 'Benchmark Operator', root: '2.16.840.1.113883.2.1.4.3', extension: 'X26' },
};

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with --expose-gc (npm run bench does)');
  g();
}

/** The floor: parse the same JSON and build an XML string of the same length from 80-character elements. */
function floorRun(text: string, outLength: number): number {
  const t0 = performance.now();
  JSON.parse(text);
  const parts: string[] = [];
  const piece = '<observation classCode="OBS" moodCode="EVN"><id root="1.2.3" extension="x"/></observation>';
  for (let n = 0; n < outLength; n += piece.length) parts.push(piece);
  const s = parts.join('');
  if (s.length < outLength - piece.length) throw new Error('floor string too short');
  return performance.now() - t0;
}

function convertRun(text: string): { ms: number; length: number } {
  const t0 = performance.now();
  const { xml } = convertBundleToCcd(JSON.parse(text), OPTIONS);
  return { ms: performance.now() - t0, length: xml.length };
}

/**
 * The same comparison without a forced GC between runs (the process converts back to back). A full GC
 * frees the previous bundle's hidden classes, so the optimised converter code that depended on them is
 * discarded and the next conversion starts partly cold (V8 --trace-deopt: "weak objects", "insufficient
 * type feedback"): the forced-GC median is the cost of a first conversion after a quiet spell, this
 * one the cost under a stream of conversions.
 */
function measureWarm(text: string, length: number, runs: number): string {
  for (let i = 0; i < 100; i++) convertRun(text); // until the optimising compiler has settled
  const conv: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    conv.push(convertRun(text).ms);
    floor.push(floorRun(text, length));
  }
  const m = median(conv);
  const f = median(floor);
  return `  back to back: median ${m.toFixed(1)} ms  floor ${f.toFixed(1)} ms  ratio ${(m / f).toFixed(2)}×`;
}

function measure(label: string, text: string, entries: number, runs: number): number {
  const length = convertRun(text).length; // warm-up, and the output size the floor must write
  floorRun(text, length);
  // Conversion and floor runs alternate, so load from other processes on the machine hits both alike.
  const conv: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    conv.push(convertRun(text).ms);
    gc();
    floor.push(floorRun(text, length));
  }
  const m = median(conv);
  const f = median(floor);
  const rss = process.resourceUsage().maxRSS / 1024;
  // Back-to-back runs only for the small real record (the gateway's common case); large ones are slow.
  const warm = entries <= 1000 ? measureWarm(text, length, runs) : '';
  console.log(
    `${label.padEnd(34)} entries ${String(entries).padStart(6)}  in ${(text.length / 1e6).toFixed(1).padStart(5)} MB  out ${(length / 1e6).toFixed(1).padStart(5)} MB  ` +
      `median ${m.toFixed(1).padStart(7)} ms  floor ${f.toFixed(1).padStart(6)} ms  ratio ${(m / f).toFixed(2)}×  ` +
      `${((m / entries) * 1000).toFixed(1)} µs/entry  peak RSS ${rss.toFixed(0)} MB` +
      warm,
  );
  return m;
}

/** Child mode: measure one input file (so peak RSS belongs to that input only). */
function child(file: string, label: string, entries: number, runs: number): void {
  measure(label, readFileSync(file, 'utf8'), entries, runs);
}

/** Parent mode: write each input to a temp file and measure it in a fresh process. */
function main(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccda-bench-'));
  try {
    const inputs: { file: string; label: string; entries: number; runs: number }[] = [];
    const largest = largestSharedBundle();
    inputs.push({
      file: largest,
      label: `largest shared (${path.basename(largest)})`,
      entries: JSON.parse(readFileSync(largest, 'utf8')).entry.length,
      runs: 30,
    });
    for (const n of [12_500, 25_000, 50_000]) {
      const file = path.join(dir, `synthetic-${n}.json`);
      writeFileSync(file, JSON.stringify(syntheticRecord(n)));
      inputs.push({ file, label: 'synthetic record', entries: n, runs: n >= 50_000 ? 5 : 7 });
    }
    for (const i of inputs) {
      const r = spawnSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', __filename, '--child', i.file, i.label, String(i.entries), String(i.runs)],
        { stdio: 'inherit' },
      );
      if (r.status !== 0) throw new Error(`benchmark child failed for ${i.label} (${r.status ?? r.signal})`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') child(argv[1], argv[2], Number(argv[3]), Number(argv[4]));
else main();
