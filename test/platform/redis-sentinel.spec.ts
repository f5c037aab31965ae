import { spawnSync } from 'node:child_process';
import { CacheConfig, CacheWriteError, createKeyValueStore, KeyvStore } from '@gw/cache';
import { DisposableSentinelSet } from './support/redis-sentinel.util';

/**
 * REDIS_URL=redis+sentinel://…/mymaster against a real primary, replica and Sentinel, with a
 * SENTINEL FAILOVER in the middle of a durable-write load (REDIS_DURABLE_REPLICAS=1): the store
 * follows the new primary; during the switch some writes are refused (CacheWriteError: the caller
 * answers with a registry error), and every write that was acknowledged is on the new primary.
 */
describe('Redis Sentinel (primary, replica, sentinel; real processes) with a failover under load', () => {
  let set: DisposableSentinelSet;
  let store: KeyvStore;

  beforeAll(async () => {
    set = await DisposableSentinelSet.start();
    store = createKeyValueStore(Object.assign(new CacheConfig(), { REDIS_URL: set.url, CACHE_NAMESPACE: 'sn', REDIS_DURABLE_REPLICAS: 1 }));
    await store.ready(10_000);
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await set?.stop();
  });

  it('keeps every acknowledged durable write across SENTINEL FAILOVER and serves from the new primary', async () => {
    const oldPrimary = set.primaryPort();
    const acknowledged: string[] = [];
    let failedOver = false;
    let afterSwitch = 0;
    for (let i = 0; afterSwitch < 20; i++) {
      if (i > 5_000) throw new Error('the store never wrote to the new primary');
      if (i === 50) {
        set.failover();
        failedOver = true;
      }
      const key = `pidmap:${i}`;
      try {
        await store.set(key, `ceid-${i}`, 600_000, { durable: true });
        acknowledged.push(key);
        if (failedOver && set.primaryPort() !== oldPrimary) afterSwitch++;
      } catch (e) {
        expect(e).toBeInstanceOf(CacheWriteError);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const newPrimary = set.primaryPort();
    expect(newPrimary).not.toBe(oldPrimary);
    // Every acknowledged write is on the new primary (read there directly, not through the client).
    for (const key of acknowledged) {
      const raw = spawnSync('redis-cli', ['-p', String(newPrimary), 'get', `sn::${key}`], { encoding: 'utf8' }).stdout.trim();
      expect(raw).toContain(`ceid-${key.slice('pidmap:'.length)}`);
    }
    // And the store reads them back.
    await expect(store.get(acknowledged.at(-1)!)).resolves.toBe(`ceid-${acknowledged.at(-1)!.slice('pidmap:'.length)}`);
  }, 60_000);
});
