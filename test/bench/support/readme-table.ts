/**
 * The README's **Performance** table, written from the figures a `npm run bench` run recorded
 * (BENCH_RESULTS_FILE, one JSON figure a line), between the README's bench markers. Never typed by
 * hand: `npm run bench -- --write-readme [filters]` regenerates it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchFigure } from './loopback-load.util';

export const START = '<!-- bench-table:start (npm run bench -- --write-readme) -->';
export const END = '<!-- bench-table:end -->';

const n = (x: number, digits = 0) => x.toFixed(digits);

export function tableMarkdown(figures: BenchFigure[], loadAtStart: number[]): string {
  const cpu = cpus();
  const head =
    `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load average ` +
    `${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} at the start (shared machine: only the ratios compare), ` +
    `${new Date().toISOString().slice(0, 10)}.`;
  const rows = figures.map(
    (f) =>
      `| ${f.label} | ${n(f.ratio, 3)}${f.unit ? ` (${f.unit})` : ''} | ${n(f.gateway.rps)} req/s, p50 ${n(f.gateway.p50)} ms, p99 ${n(f.gateway.p99)} ms | ` +
      `${n(f.baseline.rps)} req/s, p50 ${n(f.baseline.p50)} ms, p99 ${n(f.baseline.p99)} ms | ${f.cpuUsPerRequest === undefined ? '–' : `${n(f.cpuUsPerRequest)} µs`} |`,
  );
  return [
    head,
    '',
    '| Figure | Ratio (gateway ÷ baseline) | Gateway | Baseline (same run) | Gateway CPU per request |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Replaces the table between the markers with the figures of this run (only the benchmarks it ran). */
export function writeReadmeTable(readmePath: string, resultsFile: string, loadAtStart: number[]): void {
  const figures = readFileSync(resultsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as BenchFigure);
  const readme = readFileSync(readmePath, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README has no bench table markers (${START} … ${END})`);
  writeFileSync(readmePath, `${readme.slice(0, a + START.length)}\n${tableMarkdown(figures, loadAtStart)}\n${readme.slice(b)}`);
}
