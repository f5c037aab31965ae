import type { AuditRecord } from '../audit-event';
import { balpAuditEvent } from '../format/balp-audit-event';
import type { AuditSource } from '../format/dicom-audit-message';
import type { AuditSink } from './audit-sink';

/**
 * IHE BALP AuditEvents to a FHIR server (ATX: FHIR Feed), one `PUT <base>/AuditEvent/<id>` each:
 * the record's stable id makes a resend an update of the same resource, not a second one.
 */
export class FhirAuditSink implements AuditSink {
  readonly name = 'fhir' as const;

  constructor(
    private readonly baseUrl: string,
    private readonly source: AuditSource,
    private readonly timeoutMs: number,
  ) {}

  async send(records: AuditRecord[]): Promise<void> {
    for (const rec of records) {
      const res = await fetch(`${this.baseUrl.replace(/\/$/, '')}/AuditEvent/${encodeURIComponent(rec.id)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify(balpAuditEvent(rec, this.source)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`FHIR AuditEvent PUT answered HTTP ${res.status}`);
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
