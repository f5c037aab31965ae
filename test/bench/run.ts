/**
 * Runs every test/bench/*.bench.ts in turn, each in its own Node process (so peak RSS and JIT state
 * belong to one benchmark), and exits non-zero if any of them fails. Results are printed by the
 * benchmarks themselves as ratios against an in-process baseline, never as pass/fail on time.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildGateway } from './support/loopback-load.util';

const dir = __dirname;
const only = process.argv.slice(2);
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
process.exit(failed ? 1 : 0);
