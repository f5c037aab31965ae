import type { AuditRecord } from '../audit-event';

/** Where the sender ships records. `send` resolves once the batch counts as delivered, and rejects otherwise (the batch is retried whole). */
export interface AuditSink {
  readonly name: 'log' | 'syslog-tls' | 'fhir';
  send(records: AuditRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** AUDIT_SINK=off: the JSON log line, written when the record was made, is the copy that leaves the machine. */
export class LogOnlySink implements AuditSink {
  readonly name = 'log' as const;
  send(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
