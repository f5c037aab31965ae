import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../audit-event';
import { AuditConfig } from '../audit.config';
import { FileJournalOutbox } from '../outbox/file-journal.outbox';
import type { AuditSink } from '../sink/audit-sink';
import { AuditSender } from './audit-sender.service';

/** A sink that refuses the first `failures` sends, then takes everything. */
class FlakySink implements AuditSink {
  readonly name = 'syslog-tls' as const;
  readonly received: string[] = [];
  attempts = 0;
  constructor(private failures: number) {}
  send(records: AuditRecord[]): Promise<void> {
    this.attempts++;
    if (this.failures-- > 0) return Promise.reject(new Error('receiver down'));
    this.received.push(...records.map((r) => r.id));
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const rec = (id: string): AuditRecord => ({
  id,
  at: '2026-12-03T12:00:00.000Z',
  transaction: 'ITI-47',
  requestId: id,
  outcome: 'success',
  requester: { source: 'default' },
});

describe('AuditSender', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-sender-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('retries a failing sink with backoff until every record is delivered, oldest first, none dropped', async () => {
    const cfg = Object.assign(new AuditConfig(), { AUDIT_SEND_BATCH: 2, AUDIT_SEND_MIN_BACKOFF_MS: 10, AUDIT_SEND_MAX_BACKOFF_MS: 20 });
    const outbox = new FileJournalOutbox(dir, 100);
    for (const id of ['a', 'b', 'c', 'd', 'e']) outbox.append(rec(id));
    const sink = new FlakySink(3);
    const sender = new AuditSender(cfg, outbox, sink);
    sender.onApplicationBootstrap();
    for (let i = 0; i < 500 && (await outbox.backlog()) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    await sender.onApplicationShutdown();
    expect(sink.received).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sink.attempts).toBe(6);
    expect(await outbox.backlog()).toBe(0);
  });
});
