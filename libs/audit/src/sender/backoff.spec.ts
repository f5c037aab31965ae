import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the minimum up to the maximum, jittering the upper half', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 10, 100].map((n) => backoffDelay(n, 100, 1_000, top))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoffDelay(3, 100, 1_000, () => 0)).toBe(200);
  });
});
