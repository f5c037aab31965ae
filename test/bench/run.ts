/**
 * Runs every test/bench/*.bench.ts in turn, each in its own Node process (so peak RSS and JIT state
 * belong to one benchmark), and exits non-zero if any of them fails. Results are printed by the
 * benchmarks themselves as ratios against an in-process baseline, never as pass/fail on time.
 * `--write-readme` then rewrites the README's Performance table from the figures of this run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { buildGateway } from './support/loopback-load.util';
import { writeReadmeTable } from './support/readme-table';

const dir = __dirname;
const args = process.argv.slice(2);
const writeReadme = args.includes('--write-readme');
const only = args.filter((a) => a !== '--write-readme');
const loadAtStart = loadavg();
const resultsDir = mkdtempSync(path.join(tmpdir(), 'gw-bench-'));
process.env.BENCH_RESULTS_FILE = path.join(resultsDir, 'figures.jsonl');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
// The HTTP benchmarks run the built gateway (decorator metadata); build it once for all of them.
if (files.some((f) => readFileSync(path.join(dir, f), 'utf8').includes('startBuiltGateway('))) {
  buildGateway();
  process.env.BENCH_GATEWAY_BUILT = '1';
}
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  // --import tsx keeps one Node process per benchmark (the tsx CLI would add a wrapper process).
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(dir, f)], {
    stdio: 'inherit',
    cwd: path.resolve(dir, '../..'),
  });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`!! ${f} exited with ${r.status ?? r.signal}\n`);
  }
}
if (writeReadme && !failed) {
  writeReadmeTable(path.resolve(dir, '../../README.md'), process.env.BENCH_RESULTS_FILE, loadAtStart);
  process.stdout.write('\nREADME.md: Performance table rewritten from this run\n');
}
rmSync(resultsDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
