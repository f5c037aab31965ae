import type { AuditRecord } from '../audit-event';

/** authpriv (10) × 8 + notice (5): the priority IHE ATNA uses for audit messages. */
const PRI = 85;
const APP_NAME = 'gp-record-gateway';
/** IHE ITI TF-2 §3.20.7: the MSGID of an audit message, whichever schema it follows. */
const MSGID = 'IHE+RFC-3881';
/**
 * Structured data carrying the record's stable id and request id, so a receiver can drop the
 * duplicates at-least-once delivery makes. 32473 is the enterprise number RFC 5612 reserves for
 * examples; it names no registered organisation.
 */
const SD_ID = 'gw-audit@32473';
const BOM = '\uFEFF';

/** RFC 5424 header fields are printable US-ASCII without spaces, at most `max` characters. */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '');
  return (clean || '-').slice(0, max);
}

/** SD-PARAM values escape `"`, `\` and `]` (RFC 5424 §6.3.3). */
const sdValue = (v: string): string => v.replace(/["\\\]]/g, (c) => `\\${c}`);

/** One RFC 5424 message: header, the record's ids as structured data, then the UTF-8 message (with its BOM). */
export function syslogMessage(rec: AuditRecord, host: string, body: string): string {
  const sd = `[${SD_ID} id="${sdValue(rec.id)}" requestId="${sdValue(rec.requestId)}"]`;
  return `<${PRI}>1 ${rec.at} ${headerField(host, 255)} ${APP_NAME} ${process.pid} ${MSGID} ${sd} ${BOM}${body}`;
}

/** RFC 5425 §4.3 octet-counting framing: the message's length in bytes, a space, the message. */
export function octetCounted(message: string): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
}
