import { createHash } from 'node:crypto';

/** HL7 DTM in UTC without separators (XDS metadata times): YYYYMMDDhhmmss. */
export function toDtm(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Converts an HL7 TS with an optional offset (as CDA writes it: YYYYMMDDhhmmss±ZZZZ, any precision)
 * to an XDS DTM in UTC. Values without a time part or without an offset are kept at their precision.
 */
export function hl7TsToDtm(ts: string): string | undefined {
  // eslint-disable-next-line security/detect-unsafe-regex -- no nested repetition; the digit run and the '.'/'+'/'-' groups cannot overlap: linear
  const m = /^(\d{4,14})(?:\.\d+)?([+-]\d{4})?$/.exec(ts.trim());
  if (!m) return undefined;
  const [, digits, offset] = m;
  if (!offset || digits.length < 12) return digits;
  const p = (i: number, n: number) => Number(digits.slice(i, i + n) || '0');
  const sign = offset[0] === '-' ? -1 : 1;
  const offMin = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  const utc = Date.UTC(p(0, 4), p(4, 2) - 1, p(6, 2), p(8, 2), p(10, 2), p(12, 2)) - offMin * 60_000;
  return toDtm(new Date(utc)).slice(0, digits.length);
}

/** HL7 v2 CX with an ISO assigning authority: id^^^&OID&ISO. */
export function toCx(id: string, assigningAuthorityOid: string): string {
  return `${id}^^^&${assigningAuthorityOid}&ISO`;
}

/** HL7 v2 XON for an organisation with an ISO-identified id: Name^^^^^&OID&ISO^^^^id. */
export function toXon(name: string, oid: string, id: string): string {
  return `${name.replace(/[\^&~|\\]/g, ' ')}^^^^^&${oid}&ISO^^^^${id}`;
}

/** `urn:oid:` prefix, added once. */
export function toUrnOid(oid: string): string {
  return oid.startsWith('urn:oid:') ? oid : `urn:oid:${oid}`;
}

/** Strips `urn:oid:` (any case) and surrounding space. */
export function stripUrnOid(value: string): string {
  return value.trim().replace(/^urn:oid:/i, '');
}

/** A UUID as an OID under the 2.25 arc (ITU-T X.667): 2.25.<UUID as an unsigned decimal>. */
export function uuidToOid(uuid: string): string {
  const hex = uuid.replace(/^urn:uuid:/i, '').replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error('not a UUID');
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

/**
 * A name-based (version 5 style, SHA-1) UUID, so the ids of a DocumentEntry's Classifications and
 * ExternalIdentifiers are the same in every response for the same entry.
 */
export function nameBasedUuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** SHA-1 hex of the exact bytes (XDS `hash`). */
export function sha1Hex(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}
