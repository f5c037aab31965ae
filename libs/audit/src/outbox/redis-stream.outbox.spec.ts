import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { AuditRecord } from '../audit-event';
import { FileJournalOutbox } from './file-journal.outbox';
import { RedisStreamOutbox } from './redis-stream.outbox';

const rec = (id: string): AuditRecord => ({
  id,
  at: '2026-12-03T12:00:00.000Z',
  transaction: 'ITI-38',
  requestId: `req-${id}`,
  outcome: 'success',
  requester: { source: 'default' },
});

/** Against the real redis-server of Jest's globalSetup (TEST_REDIS_URL), each test in its own namespace. */
describe('RedisStreamOutbox', () => {
  let dir: string;
  const clients: Redis[] = [];
  const outbox = (ns: string, max = 100, leaseMs = 1_000, url = process.env.TEST_REDIS_URL!) => {
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on('error', () => undefined);
    clients.push(redis);
    return new RedisStreamOutbox(redis, ns, max, leaseMs, new FileJournalOutbox(mkdtempSync(join(dir, 'j-')), max));
  };
  const ready = async (o: RedisStreamOutbox) => {
    // Connected first (the clients queue nothing while offline), then the outbox answers from Redis.
    await Promise.all(clients.map((c) => (c.status === 'ready' ? undefined : new Promise((r) => c.once('ready', r)))));
    for (
      let i = 0;
      i < 50 &&
      (await o.backlog().then(
        () => false,
        () => true,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 20));
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-redis-'))));
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.quit().catch(() => c.disconnect())));
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues records, hands each to one instance, and removes them once confirmed', async () => {
    const ns = `t-${process.pid}-${Date.now()}-a`;
    const a = outbox(ns);
    const b = outbox(ns);
    await Promise.all([ready(a), ready(b)]);
    for (const id of ['1', '2', '3']) a.append(rec(id));
    await a.settled();
    expect(await a.backlog()).toBe(3);
    const byA = await a.claim(2);
    const byB = await b.claim(10);
    expect(byA.map((e) => e.record.id)).toEqual(['1', '2']);
    expect(byB.map((e) => e.record.id)).toEqual(['3']);
    await a.confirm(byA);
    await b.confirm(byB);
    expect(await a.backlog()).toBe(0);
    expect((await b.recent(10)).map((r) => r.id)).toEqual(['1', '2', '3']);
  });

  it('lets another instance take over what a dead one read but never confirmed, after the lease', async () => {
    const ns = `t-${process.pid}-${Date.now()}-b`;
    const dead = outbox(ns, 100, 200);
    await ready(dead);
    dead.append(rec('x'));
    await dead.settled();
    expect((await dead.claim(10)).map((e) => e.record.id)).toEqual(['x']);
    const heir = outbox(ns, 100, 200);
    await ready(heir);
    expect(await heir.claim(10)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    const taken = await heir.claim(10);
    expect(taken.map((e) => e.record.id)).toEqual(['x']);
    await heir.confirm(taken);
    expect(await heir.backlog()).toBe(0);
  });

  it('reports a record refused at the cap', async () => {
    const ns = `t-${process.pid}-${Date.now()}-c`;
    const o = outbox(ns, 2);
    await ready(o);
    const refused: string[] = [];
    o.onLateRefusal = (r) => refused.push(r.id);
    for (const id of ['1', '2', '3']) o.append(rec(id));
    await o.settled();
    expect(refused).toEqual(['3']);
    expect(o.append(rec('4'))).toBe('full');
  });

  it('journals locally while Redis does not answer, and hands those records out first', async () => {
    const o = outbox(`t-${process.pid}-d`, 100, 1_000, 'redis://127.0.0.1:1');
    o.append(rec('offline'));
    await o.settled();
    const local = await o.claim(10).catch(() => []);
    expect(local.map((e) => e.record.id)).toEqual(['offline']);
  });
});
