/**
 * Delay before retry number `failures` (1 = first retry): doubling from `minMs` up to `maxMs`, the
 * upper half jittered so instances that failed together do not retry together.
 */
export function backoffDelay(failures: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
