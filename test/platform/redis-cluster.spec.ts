import { CacheConfig, createKeyValueStore, createRedisConnection, KeyvStore, SharedSingleFlight } from '@gw/cache';
import { RedisThrottlerStorage } from '../../apps/gateway/src/platform/redis-throttler.storage';
import { DisposableRedisCluster } from './support/redis-cluster.util';

/**
 * REDIS_URL=redis+cluster://… against a real 3-primary Redis Cluster: the cache, durable writes,
 * setIfAbsent, the shared single-flight (scripts over three keys) and the throttler (script over
 * two keys) all work, so every multi-key operation keeps its keys in one slot.
 */
describe('Redis Cluster (3 primaries, real redis-server processes)', () => {
  let cluster: DisposableRedisCluster;
  const stores: KeyvStore[] = [];
  const config = (over: Partial<CacheConfig> = {}) =>
    Object.assign(new CacheConfig(), { REDIS_URL: cluster.url, CACHE_NAMESPACE: 'cl' }, over);
  const store = async () => {
    const s = createKeyValueStore(config());
    stores.push(s);
    await s.ready(10_000);
    return s;
  };

  beforeAll(async () => {
    cluster = await DisposableRedisCluster.start();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await cluster?.stop();
  });

  it('stores, reads, expires and deletes keys spread over every primary', async () => {
    const s = await store();
    expect(await s.isHealthy(2_000)).toBe(true);
    await Promise.all(Array.from({ length: 60 }, (_, i) => s.set(`doc:${i}`, { i }, 60_000)));
    await Promise.all(Array.from({ length: 60 }, (_, i) => s.set(`pidmap:${i}`, `ceid-${i}`, 60_000, { durable: true })));
    const back = await Promise.all(Array.from({ length: 60 }, (_, i) => s.get<{ i: number }>(`doc:${i}`)));
    expect(back.map((v) => v?.i)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(cluster.keysPerNode().every((n) => n > 0)).toBe(true);
    await expect(s.setIfAbsent('once:x', 1, 60_000)).resolves.toBe(true);
    await expect(s.setIfAbsent('once:x', 1, 60_000)).resolves.toBe(false);
    await expect(s.delete('doc:0')).resolves.toBe(true);
    await expect(s.get('doc:0')).resolves.toBeUndefined();
  });

  it('runs a shared single-flight once for 30 callers over three instances', async () => {
    const instances = await Promise.all([store(), store(), store()]);
    const flights = instances.map((s) => new SharedSingleFlight(s, config()));
    let runs = 0;
    const work = async () => (runs++, await new Promise((r) => setTimeout(r, 300)), 'one');
    for (const key of ['gp-record:a', 'gp-record:b', 'gp-record:c']) {
      runs = 0;
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => flights[i % 3].run(key, work, 10_000)));
      expect(runs).toBe(1);
      expect(new Set(results)).toEqual(new Set(['one']));
    }
  });

  it('counts rate-limit hits in Redis through its two-key script (no CROSSSLOT fallback)', async () => {
    const throttler = new RedisThrottlerStorage(createRedisConnection(cluster.url, 'throttle-test', 2_000), 'cl');
    await throttler.onModuleInit();
    const warn = jest.spyOn((throttler as unknown as { logger: { warn: () => void } }).logger, 'warn');
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await throttler.increment('client-1', 60_000, 3, 5_000, 'default'));
    expect(hits.map((h) => h.totalHits)).toEqual([1, 2, 3, 4]);
    expect(hits[3].isBlocked).toBe(true);
    expect(warn).not.toHaveBeenCalled();
    await throttler.onApplicationShutdown();
  });
});
