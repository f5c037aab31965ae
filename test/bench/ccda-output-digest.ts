/**
 * Output fingerprint of the converter: converts every real bundle in the repository (the sandbox's
 * structured records, the NHS example responses and the reference docs' examples) and synthetic
 * records of 12.5k and 50k entries, and prints one SHA-256 per input over the CCD bytes and the
 * JSON report. A change meant only to make the converter faster must leave this output unchanged:
 *   npx tsx test/bench/ccda-output-digest.ts > before.txt   (on the old code)
 *   npx tsx test/bench/ccda-output-digest.ts | diff before.txt -
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { convertBundleToCcd, type CcdOptions } from '@gw/ccda';
import { syntheticRecord } from './ccda-synthetic-record.util';

const OPTIONS: CcdOptions = {
  documentId: '5d3a1f7e-2b4c-4d6e-8f90-a1b2c3d4e5f6',
  effectiveTime: new Date('2026-03-04T05:06:07Z'),
  custodian: { name: 'Digest Operator', root: '2.16.840.1.113883.2.1.4.3', extension: 'X26' },
};

const ROOT = path.resolve(__dirname, '../..');
const DIRS = ['apps/nhs-sandbox/data/gpconnect', 'test/fixtures/nhs/gpconnect'];

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return jsonFiles(p);
    return d.name.endsWith('.json') ? [p] : [];
  });
}

function digest(label: string, bundle: unknown): void {
  let out: string;
  try {
    const { xml, report } = convertBundleToCcd(bundle, OPTIONS);
    out = xml + '\n' + JSON.stringify(report);
  } catch (err) {
    out = 'error: ' + (err instanceof Error ? err.message : String(err));
  }
  console.log(createHash('sha256').update(out).digest('hex') + '  ' + out.length + '  ' + label);
}

for (const dir of DIRS) {
  for (const f of jsonFiles(path.join(ROOT, dir)).sort()) {
    const b = JSON.parse(readFileSync(f, 'utf8')) as { resourceType?: string };
    if (b.resourceType === 'Bundle') digest(path.relative(ROOT, f), b);
  }
}
for (const n of [12_500, 50_000]) digest('synthetic-' + n, syntheticRecord(n));
