import { counter, gauge } from '@gw/observability';

export const recorded = counter('gw_audit_records_total', 'Audit records written, by transaction and outcome', [
  'transaction',
  'outcome',
] as const);
export const backlogGauge = gauge('gw_audit_outbox_backlog', 'Audit records in the outbox not yet delivered to the sink', [
  'outbox',
] as const);
export const overflowed = counter(
  'gw_audit_outbox_overflow_total',
  'Audit records not queued because the outbox was at AUDIT_OUTBOX_MAX_RECORDS (each still in the JSON log)',
);
export const delivered = counter('gw_audit_sent_total', 'Audit records delivered to the sink', ['sink'] as const);
export const sendFailures = counter('gw_audit_send_failures_total', 'Failed audit sends (each batch is retried with backoff)', [
  'sink',
] as const);
