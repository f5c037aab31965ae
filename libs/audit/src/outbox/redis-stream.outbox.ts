import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { RedisClient } from '@gw/cache';
import type { AuditRecord } from '../audit-event';
import { AuditOutbox, type AppendResult, type OutboxEntry } from './audit-outbox';
import type { FileJournalOutbox } from './file-journal.outbox';

const GROUP = 'sender';
/** Delivered records kept in the `recent` stream for the admin view. */
export const REDIS_RECENT_KEPT = 10_000;

/** Appends to the outbox unless it is at its cap, and to the recent stream (trimmed), in one step. */
const APPEND = `
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('XADD', KEYS[1], '*', 'r', ARGV[2])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'r', ARGV[2])
return 1`;

type StreamEntries = [string, string[]][];

/**
 * The outbox shared by every instance: a Redis Stream read through one consumer group, so each
 * record is sent by one instance; a record is deleted once its delivery is confirmed. Records an
 * instance read but never confirmed (it died) are taken over by another after AUDIT_SEND_LEASE_MS.
 * While Redis does not answer, records go to this instance's local journal, which is drained first.
 * Keys share one hash tag, so the script runs on a Redis Cluster too.
 */
export class RedisStreamOutbox extends AuditOutbox {
  readonly kind = 'redis' as const;
  private readonly logger = new Logger('AuditOutbox');
  private readonly stream: string;
  private readonly recentStream: string;
  /** Unique per outbox (two apps in one process are two consumers); a restarted process takes its old entries over after the lease. */
  private readonly consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private groupReady = false;
  private lastStreamLength = 0;
  private readonly writing = new Set<Promise<void>>();
  private full = false;

  constructor(
    private readonly redis: RedisClient,
    namespace: string,
    private readonly maxRecords: number,
    private readonly leaseMs: number,
    private readonly fallback: FileJournalOutbox,
  ) {
    super();
    this.stream = `{${namespace}:audit}:outbox`;
    this.recentStream = `{${namespace}:audit}:recent`;
  }

  append(record: AuditRecord): AppendResult {
    if (this.full) {
      // Known full: refuse at once, as the script would; the next confirmed send re-checks.
      return 'full';
    }
    const json = JSON.stringify(record);
    const write = this.redis.eval(APPEND, 2, this.stream, this.recentStream, this.maxRecords, json, REDIS_RECENT_KEPT).then(
      (added) => {
        if (added === 0) {
          this.full = true;
          this.onLateRefusal(record);
        }
      },
      () => {
        if (this.fallback.append(record) === 'full') this.onLateRefusal(record);
      },
    );
    this.writing.add(write);
    void write.finally(() => this.writing.delete(write));
    return 'queued';
  }

  override async settled(): Promise<void> {
    await Promise.all([...this.writing]);
  }

  async claim(max: number): Promise<OutboxEntry[]> {
    const local = await this.fallback.claim(max);
    if (local.length) return local.map((e) => ({ ref: `f:${e.ref}`, record: e.record }));
    await this.ensureGroup();
    const own = await this.readGroup(max, '0');
    if (own.length) return own;
    const [, taken] = (await this.redis.xautoclaim(this.stream, GROUP, this.consumer, this.leaseMs, '0-0', 'COUNT', max)) as [
      string,
      StreamEntries,
    ];
    if (taken.length) return entriesOf(taken);
    return this.readGroup(max, '>');
  }

  async confirm(entries: OutboxEntry[]): Promise<void> {
    const local = entries.filter((e) => e.ref.startsWith('f:'));
    if (local.length) await this.fallback.confirm(local.map((e) => ({ ref: e.ref.slice(2), record: e.record })));
    const ids = entries.filter((e) => !e.ref.startsWith('f:')).map((e) => e.ref);
    if (ids.length)
      await this.redis
        .multi()
        .xack(this.stream, GROUP, ...ids)
        .xdel(this.stream, ...ids)
        .exec();
    this.full = false;
  }

  /** While Redis does not answer: its last known length (the cache health check reports the outage) plus the local journal's. */
  async backlog(): Promise<number> {
    try {
      this.lastStreamLength = await this.redis.xlen(this.stream);
    } catch {
      // Kept: the records in Redis are still there, just not countable now.
    }
    return this.lastStreamLength + (await this.fallback.backlog());
  }

  async recent(limit: number): Promise<AuditRecord[]> {
    const rows = (await this.redis.xrevrange(this.recentStream, '+', '-', 'COUNT', limit)) as StreamEntries;
    return entriesOf(rows)
      .map((e) => e.record)
      .reverse();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
    await this.fallback.close();
  }

  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.redis.xgroup('CREATE', this.stream, GROUP, '0', 'MKSTREAM');
    } catch (e) {
      if (!String((e as Error).message).includes('BUSYGROUP')) throw e;
    }
    this.groupReady = true;
    this.logger.log(`Audit outbox: Redis stream, consumer ${this.consumer}`);
  }

  private async readGroup(max: number, from: '0' | '>'): Promise<OutboxEntry[]> {
    const res = (await this.redis.xreadgroup('GROUP', GROUP, this.consumer, 'COUNT', max, 'STREAMS', this.stream, from)) as
      [string, StreamEntries][] | null;
    return res ? entriesOf(res[0][1]) : [];
  }
}

function entriesOf(rows: StreamEntries): OutboxEntry[] {
  // XAUTOCLAIM names entries deleted meanwhile with no fields: nothing left to send for them.
  return rows
    .filter(([, fields]) => Array.isArray(fields) && fields.length >= 2)
    .map(([id, fields]) => ({ ref: id, record: JSON.parse(fields[1]) as AuditRecord }));
}
