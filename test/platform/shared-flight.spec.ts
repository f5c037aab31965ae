import { CacheConfig, createKeyValueStore, KeyvStore, SharedSingleFlight } from '@gw/cache';
import { inspector } from './support/redis-server.util';

/** One "instance": its own connection to the shared Redis, its own flight. */
function instance(over: Partial<CacheConfig> = {}): { store: KeyvStore; flight: SharedSingleFlight } {
  const cfg = Object.assign(new CacheConfig(), { REDIS_URL: process.env.TEST_REDIS_URL, CACHE_NAMESPACE: 'flighttest' }, over);
  const store = createKeyValueStore(cfg);
  return { store, flight: new SharedSingleFlight(store, cfg) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SharedSingleFlight across instances on a real redis-server', () => {
  const made: KeyvStore[] = [];
  const make = (over: Partial<CacheConfig> = {}) => {
    const i = instance(over);
    made.push(i.store);
    return i;
  };
  const redis = inspector(process.env.TEST_REDIS_URL as string);
  afterAll(async () => {
    await Promise.all(made.map((s) => s.close()));
    redis.disconnect();
  });

  it('runs the work once for 30 concurrent callers spread over three instances, and all get its result', async () => {
    const instances = [make(), make(), make()];
    let runs = 0;
    const work = async () => {
      runs++;
      await sleep(300);
      return { n: 42 };
    };
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => instances[i % 3].flight.run('patient:one', work, 10_000)));
    expect(runs).toBe(1);
    expect(results).toEqual(Array.from({ length: 30 }, () => ({ n: 42 })));
  });

  it('never hands one key the result of another', async () => {
    const [a, b] = [make(), make()];
    const [x, y] = await Promise.all([
      a.flight.run('patient:x', async () => (await sleep(200), 'x'), 5_000),
      b.flight.run('patient:y', async () => (await sleep(200), 'y'), 5_000),
    ]);
    expect([x, y]).toEqual(['x', 'y']);
  });

  it('keeps no identifier in Redis keys', async () => {
    const a = make();
    await a.flight.run('gp-record:9690937286', async () => 1, 5_000);
    const keys = await redis.keys('flighttest::flight:*');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('9690937286');
  });

  it('lets another instance take over once a dead holder lease has run out, not before', async () => {
    const dying = make({ SINGLE_FLIGHT_LEASE_MS: 800 });
    const survivor = make({ SINGLE_FLIGHT_LEASE_MS: 800 });
    // The holder takes the lock and never finishes; then its process "dies" (connection gone, no more lease extensions).
    void dying.flight.run('patient:dead-holder', () => new Promise<never>(() => undefined), 60_000);
    await sleep(100);
    await dying.store.close();
    // The dead holder's lock is still there, with its lease running out.
    const locks = await redis.keys('flighttest::flight:*:lock');
    expect(locks).toHaveLength(1);
    expect(await redis.pttl(locks[0])).toBeGreaterThan(0);
    await expect(survivor.flight.run('patient:dead-holder', async () => 'taken over', 10_000)).resolves.toBe('taken over');
  });

  it('lets the holder keep the lock past its lease while it is still working (extensions)', async () => {
    const holder = make({ SINGLE_FLIGHT_LEASE_MS: 600 });
    const waiter = make({ SINGLE_FLIGHT_LEASE_MS: 600 });
    let runs = 0;
    const work = async () => (runs++, await sleep(1_500), 'slow');
    const first = holder.flight.run('patient:slow', work, 10_000);
    await sleep(50);
    const second = waiter.flight.run('patient:slow', work, 10_000);
    await expect(Promise.all([first, second])).resolves.toEqual(['slow', 'slow']);
    expect(runs).toBe(1);
  });

  it('gives a waiter undefined at its deadline while the holder still works', async () => {
    const holder = make();
    const waiter = make();
    const first = holder.flight.run('patient:deadline', async () => (await sleep(1_000), 'late'), 10_000);
    await sleep(50);
    await expect(waiter.flight.run('patient:deadline', async () => 'mine', 300)).resolves.toBeUndefined();
    await expect(first).resolves.toBe('late');
  });

  it('passes the holder failure to its caller; a waiter then runs the work itself', async () => {
    const holder = make();
    const waiter = make();
    const first = holder.flight.run('patient:fails', async () => (await sleep(200), Promise.reject(new Error('upstream down'))), 5_000);
    await sleep(50);
    const second = waiter.flight.run('patient:fails', async () => 'second try', 5_000);
    await expect(first).rejects.toThrow('upstream down');
    await expect(second).resolves.toBe('second try');
  });

  it('runs the work in this process when Redis does not answer', async () => {
    const offline = make({ REDIS_URL: 'redis://127.0.0.1:9', CACHE_OP_TIMEOUT_MS: 100 });
    await expect(offline.flight.run('patient:offline', async () => 'local', 5_000)).resolves.toBe('local');
  });
});
