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
