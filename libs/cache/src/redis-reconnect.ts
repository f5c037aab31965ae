/** Redis reconnect back-off: 100 ms doubling to 1 s, forever, so the cache is back within a second of Redis. */
export function redisReconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** attempt, 1_000);
}
