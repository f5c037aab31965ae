import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { maskCallerText } from '@gw/observability';
import { AuditConfig } from './audit.config';
import type { AuditEvent, AuditRecord } from './audit-event';
import { overflowed, recorded } from './audit.metrics';
import { AuditOutbox } from './outbox/audit-outbox';

const PSEUDONYM_CACHE_SIZE = 10_000;

/**
 * Records who asked for what, why, and with which outcome. Patient identity is kept only as a
 * keyed hash of the NHS number (HMAC-SHA-256 with AUDIT_PSEUDONYM_KEY), so the audit trail can be
 * correlated per patient by whoever holds the key, and by no one else. Each record gets a stable
 * id and goes to the JSON log (context "Audit", the record as an `audit` field) and to the outbox,
 * from which the sender ships it to the audit sink.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  private readonly key: Buffer;
  private readonly recentRecords: AuditRecord[] = [];
  private readonly appended = new Set<() => void>();
  /** Pseudonyms by NHS number: one HMAC per patient, not per record (bounded; oldest dropped first). */
  private readonly pseudonyms = new Map<string, string>();

  constructor(
    private readonly cfg: AuditConfig,
    @Optional() private readonly outbox?: AuditOutbox,
  ) {
    if (outbox) outbox.onLateRefusal = (rec) => this.overflow(rec);
    if (cfg.AUDIT_PSEUDONYM_KEY) {
      this.key = Buffer.from(cfg.AUDIT_PSEUDONYM_KEY, 'utf8');
    } else {
      this.key = randomBytes(32);
      this.logger.warn('AUDIT_PSEUDONYM_KEY is not set: using a random per-process key, so patient pseudonyms change at restart');
    }
  }

  /** The keyed pseudonym of an NHS number (hex, 32 chars). */
  pseudonymise(nhsNumber: string): string {
    const known = this.pseudonyms.get(nhsNumber);
    if (known) return known;
    const p = createHmac('sha256', this.key).update(nhsNumber.replace(/[\s-]/g, '')).digest('hex').slice(0, 32);
    if (this.pseudonyms.size >= PSEUDONYM_CACHE_SIZE) this.pseudonyms.delete(this.pseudonyms.keys().next().value!);
    this.pseudonyms.set(nhsNumber, p);
    return p;
  }

  record(event: AuditEvent): AuditRecord {
    const r = event.requester;
    const rec: AuditRecord = {
      id: randomUUID(),
      at: new Date().toISOString(),
      transaction: event.transaction,
      requestId: event.requestId,
      outcome: event.outcome,
      // Requester attributes and document ids come from the request: masked like our own text, since
      // a caller can put a patient identifier anywhere (e.g. an NHS number as a DocumentUniqueId).
      requester: {
        subjectId: maskCallerText(r.subjectId),
        organization: maskCallerText(r.organization),
        organizationId: maskCallerText(r.organizationId),
        homeCommunityId: maskCallerText(r.homeCommunityId),
        role: r.role ? maskCallerText([r.role.code, r.role.codeSystem].filter(Boolean).join('@')) : undefined,
        purposeOfUse: r.purposeOfUse
          ? maskCallerText([r.purposeOfUse.code, r.purposeOfUse.codeSystem].filter(Boolean).join('@'))
          : undefined,
        partner: r.partner,
        source: r.source,
      },
      patientPseudonym: event.nhsNumber ? this.pseudonymise(event.nhsNumber) : undefined,
      detail: maskCallerText(event.detail),
      documentIds: event.documentIds?.map((id) => maskCallerText(id) ?? ''),
    };
    if (this.cfg.AUDIT_RECENT_MAX > 0) {
      this.recentRecords.push(rec);
      if (this.recentRecords.length > this.cfg.AUDIT_RECENT_MAX) this.recentRecords.shift();
    }
    recorded.inc({ transaction: rec.transaction, outcome: rec.outcome });
    this.logger.log({ msg: 'audit', audit: rec });
    this.enqueue(rec);
    return rec;
  }

  /** This process's most recent records, newest last (diagnostics and tests; lost at restart). */
  recent(limit = 100): AuditRecord[] {
    return this.recentRecords.slice(-limit);
  }

  /** The newest records from the outbox, where they are durable (every instance's, with Redis), newest last. */
  async stored(limit = 100): Promise<AuditRecord[]> {
    return this.outbox ? this.outbox.recent(limit) : this.recent(limit);
  }

  /**
   * Resolves once the records made so far are stored in the outbox. A transaction awaits it before
   * answering, so nothing is disclosed whose audit record a crash could still lose.
   */
  async settled(): Promise<void> {
    await this.outbox?.settled();
  }

  /** Records not yet delivered to the sink. */
  async backlog(): Promise<number> {
    return this.outbox ? this.outbox.backlog() : 0;
  }

  get outboxKind(): AuditOutbox['kind'] | 'none' {
    return this.outbox?.kind ?? 'none';
  }

  /** Called after each record is queued (the sender, to ship it without waiting for its next poll). */
  onAppended(listener: () => void): void {
    this.appended.add(listener);
  }

  /** A record the outbox could not take: it stays in the JSON log line above; counted and named, never dropped silently. */
  overflow(rec: AuditRecord): void {
    overflowed.inc();
    this.logger.error(
      `Audit outbox full (AUDIT_OUTBOX_MAX_RECORDS=${this.cfg.AUDIT_OUTBOX_MAX_RECORDS}): record ${rec.id} is in the log only, not queued for the sink`,
    );
  }

  private enqueue(rec: AuditRecord): void {
    if (!this.outbox) return;
    let result;
    try {
      result = this.outbox.append(rec);
    } catch (e) {
      // The journal could not be written (disk full, permissions): as for a full outbox.
      this.logger.error(`Audit outbox append failed: ${(e as Error).message}`);
      result = 'full' as const;
    }
    if (result === 'full') this.overflow(rec);
    else for (const listener of this.appended) listener();
  }
}
