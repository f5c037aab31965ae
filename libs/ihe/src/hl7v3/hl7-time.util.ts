/** HL7 v3 TS for an instant, with its UTC offset: YYYYMMDDHHMMSS+0000 (never epoch seconds). */
export function hl7Timestamp(d: Date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+0000`;
}

/** A FHIR date (YYYY, YYYY-MM, YYYY-MM-DD) as HL7 TS at the same precision. */
export function fhirDateToHl7(date: string | undefined): string | undefined {
  // eslint-disable-next-line security/detect-unsafe-regex -- fixed-width groups anchored at the start: at most 10 characters examined
  const m = date ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date) : null;
  return m ? `${m[1]}${m[2] ?? ''}${m[3] ?? ''}` : undefined;
}

/** A FHIR dateTime as HL7 TS (date precision when no time; time converted to UTC with +0000). */
export function fhirDateTimeToHl7(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!value.includes('T')) return fhirDateToHl7(value);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? fhirDateToHl7(value) : hl7Timestamp(d);
}

/**
 * Reads the date part of an HL7 TS (YYYY, YYYYMM or YYYYMMDD, anything after ignored) as a FHIR
 * date at the same precision. Returns undefined when it is not a real calendar date.
 */
export function hl7ToFhirDate(ts: string | undefined): string | undefined {
  // eslint-disable-next-line security/detect-unsafe-regex -- fixed-width groups anchored at the start: at most 8 characters examined
  const m = ts ? /^(\d{4})(\d{2})?(\d{2})?/.exec(ts.trim()) : null;
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (!mo) return y;
  const month = Number(mo);
  if (month < 1 || month > 12) return undefined;
  if (!d) return `${y}-${mo}`;
  const day = Number(d);
  const last = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (day < 1 || day > last) return undefined;
  return `${y}-${mo}-${d}`;
}
