/**
 * Converter profile: converts the 50k-entry synthetic record and the largest shared bundle in a loop,
 * so a CPU profile shows where conversion time goes (JSON.parse is outside the loop).
 *   node --cpu-prof --cpu-prof-dir=/tmp/ccda-prof --import tsx test/bench/profile-ccda.ts [loops]
 * Open the .cpuprofile in Chrome DevTools or speedscope; self time per function is the breakdown.
 */
import { readFileSync } from 'node:fs';
import { convertBundleToCcd, type CcdOptions } from '@gw/ccda';
import { largestSharedBundle, syntheticRecord } from './ccda-synthetic-record.util';

const OPTIONS: CcdOptions = {
  documentId: '5d3a1f7e-2b4c-4d6e-8f90-a1b2c3d4e5f6',
  effectiveTime: new Date('2026-03-04T05:06:07Z'),
  custodian: { name: 'Profile Operator', root: '2.16.840.1.113883.2.1.4.3', extension: 'X26' },
};

const loops = Number(process.argv[2] ?? 4);
const big = JSON.parse(JSON.stringify(syntheticRecord(50_000)));
const real = JSON.parse(readFileSync(largestSharedBundle(), 'utf8'));
let bytes = 0;
const t0 = performance.now();
for (let i = 0; i < loops; i++) bytes += convertBundleToCcd(big, OPTIONS).xml.length;
const t1 = performance.now();
for (let i = 0; i < loops * 100; i++) bytes += convertBundleToCcd(real, OPTIONS).xml.length;
const t2 = performance.now();
console.log(
  `50k synthetic ${((t1 - t0) / loops).toFixed(1)} ms/run; largest shared ${((t2 - t1) / (loops * 100)).toFixed(2)} ms/run; ${bytes} chars`,
);
