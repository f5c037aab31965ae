import type { AuditRecord } from '../audit-event';

/** One undelivered record as the outbox holds it; `ref` is the outbox's own position (journal offset, stream id). */
export interface OutboxEntry {
  ref: string;
  record: AuditRecord;
}

/** What `append` did with a record: queued for delivery, or refused because the outbox is at its cap. */
export type AppendResult = 'queued' | 'full';

/**
 * The durable queue every audit record enters before it is shipped: a Redis Stream shared by every
 * instance, or a local append-only journal. A record stays in it until the sender confirms delivery;
 * delivered records are kept a while longer for the admin view (`recent`).
 */
export abstract class AuditOutbox {
  abstract readonly kind: 'redis' | 'file';

  /** Told of a record `append` queued but the store then refused (Redis at its cap): the owner counts and reports it. */
  onLateRefusal: (record: AuditRecord) => void = () => undefined;

  /** Queues a record. Synchronous for the caller: a transaction never waits on the outbox. */
  abstract append(record: AuditRecord): AppendResult;

  /** Resolves once every record appended so far is stored (the Redis write done, or handed to the journal instead). */
  settled(): Promise<void> {
    return Promise.resolve();
  }

  /** Up to `max` undelivered records, oldest first (the same ones again until they are confirmed). */
  abstract claim(max: number): Promise<OutboxEntry[]>;

  /** Marks entries delivered. */
  abstract confirm(entries: OutboxEntry[]): Promise<void>;

  /** How many records are undelivered. */
  abstract backlog(): Promise<number>;

  /** The newest records, delivered or not, newest last. */
  abstract recent(limit: number): Promise<AuditRecord[]>;

  abstract close(): Promise<void>;
}
