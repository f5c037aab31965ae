import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../audit-event';
import { FileJournalOutbox } from './file-journal.outbox';

const rec = (id: string): AuditRecord => ({
  id,
  at: '2026-12-03T12:00:00.000Z',
  transaction: 'ITI-55',
  requestId: `req-${id}`,
  outcome: 'success',
  requester: { source: 'default' },
});

describe('FileJournalOutbox', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-journal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands out the same undelivered records until they are confirmed, then the next ones', async () => {
    const j = new FileJournalOutbox(dir, 100);
    for (const id of ['a', 'b', 'c']) j.append(rec(id));
    const first = await j.claim(2);
    expect(first.map((e) => e.record.id)).toEqual(['a', 'b']);
    expect((await j.claim(2)).map((e) => e.record.id)).toEqual(['a', 'b']);
    await j.confirm(first);
    expect((await j.claim(2)).map((e) => e.record.id)).toEqual(['c']);
    expect(await j.backlog()).toBe(1);
  });

  it('resumes after a restart from the last confirmed record (a new instance on the same folder)', async () => {
    const before = new FileJournalOutbox(dir, 100);
    for (const id of ['a', 'b', 'c']) before.append(rec(id));
    await before.confirm(await before.claim(1));
    const after = new FileJournalOutbox(dir, 100);
    expect(await after.backlog()).toBe(2);
    expect((await after.claim(10)).map((e) => e.record.id)).toEqual(['b', 'c']);
    expect((await after.recent(10)).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('saves the cursor at once after a quiet spell, then at most once per 200 ms, and what is pending on close', async () => {
    const j = new FileJournalOutbox(dir, 100);
    for (const id of ['a', 'b', 'c', 'd']) j.append(rec(id));
    const cursor = () => Number(readFileSync(join(dir, 'cursor'), 'utf8'));
    const [a] = await j.claim(1);
    await j.confirm([a]);
    expect(cursor()).toBe(Number(a.ref));
    const [b] = await j.claim(1);
    await j.confirm([b]);
    expect(cursor()).toBe(Number(a.ref)); // the next save waits for the interval
    await new Promise((r) => setTimeout(r, 300));
    expect(cursor()).toBe(Number(b.ref));
    const [c] = await j.claim(1);
    await j.confirm([c]);
    await j.close();
    expect(cursor()).toBe(Number(c.ref));
    expect((await new FileJournalOutbox(dir, 100).claim(10)).map((e) => e.record.id)).toEqual(['d']);
  });

  it('after a crash before the cursor was saved, sends the last delivered records again rather than skipping any', async () => {
    const crashed = new FileJournalOutbox(dir, 100);
    for (const id of ['a', 'b', 'c']) crashed.append(rec(id));
    await crashed.confirm(await crashed.claim(1));
    await crashed.confirm(await crashed.claim(1)); // 'b' confirmed inside the interval: not yet saved
    const after = new FileJournalOutbox(dir, 100);
    expect((await after.claim(10)).map((e) => e.record.id)).toEqual(['b', 'c']);
    expect(await after.backlog()).toBe(2);
    await crashed.close();
  });

  it('refuses records past its cap of undelivered ones, and takes them again once some are delivered', async () => {
    const j = new FileJournalOutbox(dir, 2);
    expect([j.append(rec('a')), j.append(rec('b')), j.append(rec('c'))]).toEqual(['queued', 'queued', 'full']);
    await j.confirm(await j.claim(1));
    expect(j.append(rec('d'))).toBe('queued');
    expect((await j.claim(10)).map((e) => e.record.id)).toEqual(['b', 'd']);
  });

  it('counts a record delivered once when overlapping claims are confirmed', async () => {
    const j = new FileJournalOutbox(dir, 100);
    for (const id of ['a', 'b', 'c', 'd']) j.append(rec(id));
    const first = await j.claim(2);
    const overlapping = await j.claim(3);
    await j.confirm(first);
    await j.confirm(first);
    expect(await j.backlog()).toBe(2);
    await j.confirm(overlapping);
    expect(await j.backlog()).toBe(1);
    expect((await j.claim(10)).map((e) => e.record.id)).toEqual(['d']);
  });

  it('starts a new journal once a large one is all delivered, keeping the old one for the admin view and a restart', async () => {
    const j = new FileJournalOutbox(dir, 10_000);
    const big = (id: string): AuditRecord => ({ ...rec(id), requestId: `req-${id}-${'x'.repeat(2048)}` });
    // A little over the 4 MiB rotation size.
    for (let i = 0; i < 2000; i++) j.append(big(`r${i}`));
    for (let batch = await j.claim(500); batch.length; batch = await j.claim(500)) await j.confirm(batch);
    expect(await j.backlog()).toBe(0);
    expect(existsSync(join(dir, 'journal.prev.ndjson'))).toBe(true);
    j.append(rec('after'));
    expect(statSync(join(dir, 'journal.ndjson')).size).toBeLessThan(1024);
    expect((await j.claim(10)).map((e) => e.record.id)).toEqual(['after']);
    expect((await j.recent(2)).map((r) => r.id)).toEqual(['r1999', 'after']);
    await j.close();
    const restarted = new FileJournalOutbox(dir, 10_000);
    expect(await restarted.backlog()).toBe(1);
    expect((await restarted.claim(10)).map((e) => e.record.id)).toEqual(['after']);
  });
});
