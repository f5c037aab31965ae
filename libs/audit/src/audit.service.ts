import { createHmac, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { counter, maskCallerText } from '@gw/observability';
import { AuditConfig } from './audit.config';
import type { AuditEvent, AuditRecord } from './audit-event';

const recorded = counter('gw_audit_records_total', 'Audit records written, by transaction and outcome', [
  'transaction',
  'outcome',
] as const);

const PSEUDONYM_CACHE_SIZE = 10_000;

/**
 * Records who asked for what, why, and with which outcome. Patient identity is kept only as a
 * keyed hash of the NHS number (HMAC-SHA-256 with AUDIT_PSEUDONYM_KEY), so the audit trail can be
 * correlated per patient by whoever holds the key, and by no one else. Records go to the log
 * (context "Audit", the record as an `audit` field of the JSON log line, so log pipelines can index it) and to a bounded in-memory list for the admin view.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  private readonly key: Buffer;
  private readonly recentRecords: AuditRecord[] = [];
  /** Pseudonyms by NHS number: one HMAC per patient, not per record (bounded; oldest dropped first). */
  private readonly pseudonyms = new Map<string, string>();

  constructor(private readonly cfg: AuditConfig) {
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
    return rec;
  }

  /** Most recent records, newest last. */
  recent(limit = 100): AuditRecord[] {
    return this.recentRecords.slice(-limit);
  }
}
