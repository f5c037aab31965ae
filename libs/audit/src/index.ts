export * from './audit-event';
export * from './audit.config';
export * from './audit.service';
export * from './audit.module';
export { dicomAuditMessage, type AuditSource } from './format/dicom-audit-message';
export { balpAuditEvent } from './format/balp-audit-event';
export { syslogMessage, octetCounted } from './format/syslog-frame';
export { backoffDelay } from './sender/backoff';
export { AuditOutbox, type AppendResult, type OutboxEntry } from './outbox/audit-outbox';
