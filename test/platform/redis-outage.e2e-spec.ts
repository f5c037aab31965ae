import { register } from 'prom-client';
import { DisposableRedis, inspector } from './support/redis-server.util';
import { startPlatformApp } from './support/platform-app.util';

async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = register.getSingleMetric(name);
  if (!m) return 0;
  const { values } = await m.get();
  return values.filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want)).reduce((a, v) => a + v.value, 0);
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The whole platform while its Redis goes away and comes back (a private redis-server, so the
 * suite-wide one is untouched): requests keep being served (rate limiting falls back to per-process
 * counting), readiness reports the cache down, the failures are counted, and everything recovers
 * when Redis returns.
 */
describe('gateway during a Redis outage', () => {
  let redis: DisposableRedis;
  let gw: Awaited<ReturnType<typeof startPlatformApp>>;

  beforeAll(async () => {
    redis = await DisposableRedis.start();
    gw = await startPlatformApp({
      REDIS_URL: redis.url,
      CACHE_OP_TIMEOUT_MS: '300',
      HEALTH_CHECK_TIMEOUT_MS: '500',
      HEALTH_UPSTREAM_CACHE_MS: '0',
      PDS_BASE_URL: 'http://127.0.0.1:9/pds',
      SDS_BASE_URL: 'http://127.0.0.1:9/sds',
      NHS_TOKEN_URL: 'http://127.0.0.1:9/token',
      THROTTLE_LIMIT: '1000',
    });
  });
  afterAll(async () => {
    await gw.close();
    await redis.down();
  });

  const cacheStatus = async (): Promise<string> => (await (await fetch(`${gw.url}/health/ready`)).json()).details.cache.status as string;

  it('keeps serving, reports the cache down and counts the failures, then recovers', async () => {
    expect(await cacheStatus()).toBe('up');
    const throttleErrorsBefore = await metric('gw_throttle_storage_errors_total');
    const cacheErrorsBefore = await metric('gw_cache_errors_total');

    await redis.down();
    for (let i = 0; i < 3; i++) expect((await fetch(`${gw.url}/test/ping`)).status).toBe(200);
    expect(await cacheStatus()).toBe('down');
    expect((await fetch(`${gw.url}/health/live`)).status).toBe(200);
    expect(await metric('gw_throttle_storage_errors_total')).toBeGreaterThan(throttleErrorsBefore);
    expect(await metric('gw_cache_errors_total')).toBeGreaterThan(cacheErrorsBefore);
    expect(await metric('gw_cache_up', { store: 'redis' })).toBe(0);

    await redis.up();
    await until(async () => (await cacheStatus()) === 'up', 'the cache to recover');
    expect(await metric('gw_cache_up', { store: 'redis' })).toBe(1);
    // The throttler's own connection reconnects on its own schedule: wait for a request that is
    // counted in Redis again (no new storage error).
    await until(async () => {
      const before = await metric('gw_throttle_storage_errors_total');
      await fetch(`${gw.url}/test/ping`);
      return (await metric('gw_throttle_storage_errors_total')) === before;
    }, 'rate limiting back on Redis');
    const check = inspector(redis.url);
    try {
      // The restarted redis-server started empty: these keys were written after the recovery.
      expect((await check.keys('gw:throttle:*')).length).toBeGreaterThan(0);
    } finally {
      check.disconnect();
    }
    expect((await fetch(`${gw.url}/test/ping`)).status).toBe(200);
  });
});
