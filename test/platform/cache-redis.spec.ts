import { Logger } from '@nestjs/common';
import { register } from 'prom-client';
import { CacheConfig, CacheWriteError, createKeyValueStore, KeyvStore } from '@gw/cache';
import { DisposableRedis, inspector } from './support/redis-server.util';

function config(over: Partial<CacheConfig>): CacheConfig {
  return Object.assign(
    new CacheConfig(),
    { REDIS_URL: undefined, CACHE_NAMESPACE: 'gw', CACHE_OP_TIMEOUT_MS: 500, CACHE_MEMORY_MAX_ENTRIES: 100 },
    over,
  );
}

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const m = register.getSingleMetric(name);
  if (!m) return 0;
  const { values } = await m.get();
  const hit = values.find((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want));
  return hit ? hit.value : 0;
}

describe('KeyValueStore on a real redis-server', () => {
  const url = process.env.TEST_REDIS_URL as string;
  let sut: KeyvStore;
  let redis: ReturnType<typeof inspector>;
  const ns = `t${process.pid}`;

  beforeAll(() => {
    expect(url).toMatch(/^redis:\/\//);
    redis = inspector(url);
    sut = createKeyValueStore(config({ REDIS_URL: url, CACHE_NAMESPACE: ns }));
  });
  afterAll(async () => {
    await sut.close();
    redis.disconnect();
  });

  it('is the Redis store', () => {
    expect(sut.kind).toBe('redis');
  });

  it('writes the key into Redis under the namespace with its TTL in milliseconds', async () => {
    await sut.set('doc:abc', { title: 'x', n: 1 }, 60_000);
    const raw = await redis.get(`${ns}::doc:abc`);
    expect(raw).not.toBeNull();
    expect(JSON.parse(raw as string).value).toEqual({ title: 'x', n: 1 });
    const pttl = await redis.pttl(`${ns}::doc:abc`);
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
    await expect(sut.get('doc:abc')).resolves.toEqual({ title: 'x', n: 1 });
  });

  it('stores a key without TTL as persistent (PTTL -1) when ttlMs is 0 or absent', async () => {
    await sut.set('ceid:none', 'v');
    await sut.set('ceid:zero', 'v', 0);
    expect(await redis.pttl(`${ns}::ceid:none`)).toBe(-1);
    expect(await redis.pttl(`${ns}::ceid:zero`)).toBe(-1);
  });

  it('expires a key after its TTL', async () => {
    await sut.set('tok:short', 'x', 80);
    await new Promise((r) => setTimeout(r, 200));
    await expect(sut.get('tok:short')).resolves.toBeUndefined();
    expect(await redis.exists(`${ns}::tok:short`)).toBe(0);
  });

  it('deletes from Redis and reports whether the key existed', async () => {
    await sut.set('doc:del', 1);
    await expect(sut.delete('doc:del')).resolves.toBe(true);
    expect(await redis.exists(`${ns}::doc:del`)).toBe(0);
    await expect(sut.delete('doc:del')).resolves.toBe(false);
  });

  it('counts hits and misses by key family', async () => {
    const hits = await metricValue('gw_cache_requests_total', { result: 'hit', family: 'sds' });
    const misses = await metricValue('gw_cache_requests_total', { result: 'miss', family: 'sds' });
    await sut.set('sds:B82617', { asid: '918999198738' });
    await sut.get('sds:B82617');
    await sut.get('sds:absent');
    expect(await metricValue('gw_cache_requests_total', { result: 'hit', family: 'sds' })).toBe(hits + 1);
    expect(await metricValue('gw_cache_requests_total', { result: 'miss', family: 'sds' })).toBe(misses + 1);
  });

  it('passes the write-and-read health check', async () => {
    await expect(sut.isHealthy(1_000)).resolves.toBe(true);
    expect(await redis.keys(`${ns}::__health__*`)).toEqual([]);
  });

  it('writes with setIfAbsent only once, atomically, with its TTL, readable by get', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => sut.setIfAbsent('once:a', 1, 60_000)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    await expect(sut.setIfAbsent('once:a', 2, 60_000)).resolves.toBe(false);
    await expect(sut.get('once:a')).resolves.toBe(1);
    const pttl = await redis.pttl(`${ns}::once:a`);
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('lets setIfAbsent write again once the key has expired', async () => {
    await expect(sut.setIfAbsent('once:short', 1, 80)).resolves.toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    await expect(sut.setIfAbsent('once:short', 1, 80)).resolves.toBe(true);
  });
});

/** The client reconnects with back-off (at most 1 s between attempts); poll the health check until then. */
async function untilHealthy(store: KeyvStore): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await store.isHealthy(300))) {
    if (Date.now() > deadline) throw new Error('cache did not recover after Redis came back');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('KeyValueStore when Redis goes away and comes back', () => {
  let server: DisposableRedis;
  let sut: KeyvStore;

  beforeAll(async () => {
    server = await DisposableRedis.start();
    sut = createKeyValueStore(config({ REDIS_URL: server.url, CACHE_OP_TIMEOUT_MS: 300 }));
  });
  afterAll(async () => {
    await sut.close();
    await server.down();
  });

  it('degrades to misses and no-ops while Redis is down, counted, then recovers when it returns', async () => {
    await sut.set('doc:1', 'before');
    await expect(sut.get('doc:1')).resolves.toBe('before');

    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await server.down();
    const errorsBefore = await metricValue('gw_cache_errors_total', { op: 'get' });
    await expect(sut.get('doc:1')).resolves.toBeUndefined();
    await expect(sut.set('doc:2', 'during')).resolves.toBeUndefined();
    await expect(sut.delete('doc:1')).resolves.toBe(false);
    await expect(sut.isHealthy(300)).resolves.toBe(false);
    expect(await metricValue('gw_cache_errors_total', { op: 'get' })).toBeGreaterThan(errorsBefore);
    expect(await metricValue('gw_cache_up', { store: 'redis' })).toBe(0);
    // Logged once per outage, not once per failed call; the message names no key.
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/^Cache backend \(redis\) failing on get: .*serving without cache until it recovers$/);
    expect(String(warn.mock.calls[0][0])).not.toContain('doc:1');

    await server.up();
    await untilHealthy(sut);
    expect(log.mock.calls.map((c) => String(c[0]))).toContain('Cache backend (redis) answering again; cache restored');
    warn.mockRestore();
    log.mockRestore();
    await sut.set('doc:3', 'after', 10_000);
    await expect(sut.get('doc:3')).resolves.toBe('after');
    const redis = inspector(server.url);
    try {
      expect(await redis.exists('gw::doc:3')).toBe(1);
    } finally {
      redis.disconnect();
    }
    expect(await metricValue('gw_cache_up', { store: 'redis' })).toBe(1);
  });

  it('throws from setIfAbsent while Redis is down (a check that could not be made), then works again', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      await server.down();
      await expect(sut.setIfAbsent('once:down', 1, 10_000)).rejects.toThrow();
      await server.up();
      await untilHealthy(sut);
      await expect(sut.setIfAbsent('once:down', 1, 10_000)).resolves.toBe(true);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('fails a durable write with CacheWriteError while Redis is down, and stores it once Redis is back', async () => {
    await server.down();
    await expect(sut.set('pidmap:x', 'during', undefined, { durable: true })).rejects.toBeInstanceOf(CacheWriteError);
    // The same write without `durable` still degrades quietly (documents, tokens, SDS lookups).
    await expect(sut.set('doc:x', 'during')).resolves.toBeUndefined();
    await server.up();
    await untilHealthy(sut);
    await expect(sut.set('pidmap:x', 'after', undefined, { durable: true })).resolves.toBeUndefined();
    const redis = inspector(server.url);
    try {
      expect(JSON.parse((await redis.get('gw::pidmap:x')) as string).value).toBe('after');
    } finally {
      redis.disconnect();
    }
  });

  it('keeps answering every concurrent lookup with a miss while Redis is unreachable', async () => {
    await server.down();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => sut.get(`doc:${i}`)));
    expect(results.every((r) => r === undefined)).toBe(true);
    await server.up();
    await untilHealthy(sut);
    await expect(sut.get('doc:3')).resolves.toBeUndefined(); // a fresh redis-server: nothing survived
  });
});

describe('KeyValueStore when Redis is down at boot', () => {
  it('serves misses until Redis appears, then connects and works', async () => {
    const server = await DisposableRedis.start();
    await server.down();
    const sut = createKeyValueStore(config({ REDIS_URL: server.url, CACHE_OP_TIMEOUT_MS: 300 }));
    try {
      await expect(sut.get('doc:boot')).resolves.toBeUndefined();
      await expect(sut.set('doc:boot', 'x')).resolves.toBeUndefined();
      await expect(sut.isHealthy(300)).resolves.toBe(false);
      await server.up();
      await untilHealthy(sut);
      await sut.set('doc:boot', 'x');
      await expect(sut.get('doc:boot')).resolves.toBe('x');
    } finally {
      await sut.close();
      await server.down();
    }
  });
});

describe('in-memory KeyValueStore', () => {
  let sut: KeyvStore;
  beforeEach(() => {
    sut = createKeyValueStore(config({ CACHE_MEMORY_MAX_ENTRIES: 3 }));
  });

  it('is the memory store and round-trips JSON values as copies', async () => {
    expect(sut.kind).toBe('memory');
    const value = { a: [1, 2], b: 'x' };
    await sut.set('k:1', value);
    const back = await sut.get<typeof value>('k:1');
    expect(back).toEqual(value);
    expect(back).not.toBe(value);
  });

  it('expires entries after their TTL', async () => {
    await sut.set('k:ttl', 'v', 50);
    await expect(sut.get('k:ttl')).resolves.toBe('v');
    await new Promise((r) => setTimeout(r, 120));
    await expect(sut.get('k:ttl')).resolves.toBeUndefined();
  });

  it('evicts the least recently used entry beyond the bound', async () => {
    await sut.set('k:1', 1);
    await sut.set('k:2', 2);
    await sut.set('k:3', 3);
    await sut.get('k:1');
    await sut.set('k:4', 4);
    await expect(sut.get('k:2')).resolves.toBeUndefined();
    await expect(sut.get('k:1')).resolves.toBe(1);
    await expect(sut.get('k:4')).resolves.toBe(4);
  });

  it('writes with setIfAbsent once per key among concurrent claims, and again after the TTL', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => sut.setIfAbsent('once:m', 1, 60)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    await expect(sut.setIfAbsent('once:m', 1, 60)).resolves.toBe(false);
    await new Promise((r) => setTimeout(r, 120));
    await expect(sut.setIfAbsent('once:m', 1, 60)).resolves.toBe(true);
  });

  it('deletes and reports whether the key existed; is always healthy', async () => {
    await sut.set('k:d', 1);
    await expect(sut.delete('k:d')).resolves.toBe(true);
    await expect(sut.delete('k:d')).resolves.toBe(false);
    await expect(sut.isHealthy(100)).resolves.toBe(true);
  });
});
