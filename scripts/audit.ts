/**
 * `npm run audit`: `npm audit --omit=dev --json` judged by the policy in scripts/audit/audit-policy.ts
 * against audit-allowlist.json. Exit 0 pass, 1 policy failure, 2 the audit could not run.
 *
 * --allow-unavailable: when npm cannot produce a report (registry or its advisory endpoint
 * unreachable), print why and exit 0 instead of 2. For .ci/run only, whose registry mirror refuses
 * the advisory endpoint; GitHub Actions runs the audit without it, so there it is enforced.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { judge, type Advisory } from './audit/audit-policy';

const root = join(__dirname, '..');
const allowUnavailable = process.argv.includes('--allow-unavailable');

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report: unknown;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}
const allowList: unknown = JSON.parse(readFileSync(join(root, 'audit-allowlist.json'), 'utf8'));
const verdict = judge(report, allowList, new Date().toISOString().slice(0, 10));

const line = (a: Advisory) => `  ${a.severity.padEnd(8)} ${a.name}: ${a.title} ${a.url}`;
for (const a of verdict.blocking) console.log(`BLOCKING\n${line(a)}`);
for (const a of verdict.allowed) console.log(`allowed (audit-allowlist.json)\n${line(a)}`);
for (const a of verdict.nonBlocking) console.log(`below high\n${line(a)}`);
for (const e of verdict.listErrors) console.log(`allow-list: ${e}`);
for (const e of verdict.unused) console.log(`allow-list: ${e.id} matches no reported advisory; remove it`);

if (verdict.status === 'unavailable') {
  console.log(`npm audit could not produce a report: ${verdict.unavailableReason}`);
  console.log(allowUnavailable ? 'audit: NOT RUN (--allow-unavailable)' : 'audit: FAIL (no report)');
  process.exit(allowUnavailable ? 0 : 2);
}
console.log(
  `audit: ${verdict.status.toUpperCase()} (${verdict.blocking.length} blocking, ${verdict.allowed.length} allowed, ${verdict.nonBlocking.length} below high)`,
);
process.exit(verdict.status === 'pass' ? 0 : 1);
