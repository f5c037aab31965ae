/**
 * FHIR date/dateTime/instant → HL7 TS, keeping the source precision and offset: `1925` stays `1925`,
 * `2019-03-28T10:30:00+00:00` becomes `20190328103000+0000`. Never invents a day or month and never
 * drops a time or zone. Returns undefined when the text is not a FHIR date (the caller writes UNK).
 */
function digits(s: string, from: number, n: number): boolean {
  if (from + n > s.length) return false;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function fhirToTs(value: string | undefined | null): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (!digits(s, 0, 4)) return undefined;
  let out = s.slice(0, 4);
  if (s.length === 4) return out;
  if (s[4] !== '-' || !digits(s, 5, 2)) return undefined;
  out += s.slice(5, 7);
  if (s.length === 7) return out;
  if (s[7] !== '-' || !digits(s, 8, 2)) return undefined;
  out += s.slice(8, 10);
  if (s.length === 10) return out;
  if (s[10] !== 'T' || !digits(s, 11, 2) || s[13] !== ':' || !digits(s, 14, 2)) return undefined;
  out += s.slice(11, 13) + s.slice(14, 16);
  let i = 16;
  if (s[i] === ':') {
    if (!digits(s, i + 1, 2)) return undefined;
    out += s.slice(i + 1, i + 3);
    i += 3;
    if (s[i] === '.') {
      let j = i + 1;
      while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
      if (j === i + 1) return undefined;
      // TS allows up to 4 fractional digits; more precision than that is not clinically meaningful.
      out += '.' + s.slice(i + 1, Math.min(j, i + 5));
      i = j;
    }
  }
  if (i === s.length) return out;
  if (s[i] === 'Z' && i + 1 === s.length) return out + '+0000';
  if ((s[i] === '+' || s[i] === '-') && digits(s, i + 1, 2) && s[i + 3] === ':' && digits(s, i + 4, 2) && i + 6 === s.length) {
    return out + s[i] + s.slice(i + 1, i + 3) + s.slice(i + 4, i + 6);
  }
  return undefined;
}

/** FHIR date as shown to the reader: source precision, ISO-like and unambiguous (`2019-03-28 10:30 +00:00`). */
export function displayDate(value: string | undefined | null): string {
  if (typeof value !== 'string' || value === '') return '';
  const s = value.trim();
  if (s.length <= 10) return s;
  const t = s.indexOf('T');
  if (t < 0) return s;
  let time = s.slice(t + 1);
  let zone = '';
  let z = -1;
  for (let i = 0; i < time.length; i++) {
    const c = time[i];
    if (c === 'Z' || c === '+' || c === '-') {
      z = i;
      break;
    }
  }
  if (z >= 0) {
    zone = time.slice(z) === 'Z' ? '+00:00' : time.slice(z);
    time = time.slice(0, z);
  }
  if (time.endsWith(':00') && time.length === 8) time = time.slice(0, 5);
  return s.slice(0, t) + ' ' + time + (zone ? ' ' + zone : '');
}

function pad(n: number, w = 2): string {
  let s = String(Math.abs(n));
  while (s.length < w) s = '0' + s;
  return s;
}

/** A generated instant as `YYYYMMDDHHMMSS±ZZZZ` in the given offset (minutes east of UTC). */
export function instantToTs(d: Date, offsetMinutes = 0): string {
  const t = new Date(d.getTime() + offsetMinutes * 60000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  return (
    pad(t.getUTCFullYear(), 4) +
    pad(t.getUTCMonth() + 1) +
    pad(t.getUTCDate()) +
    pad(t.getUTCHours()) +
    pad(t.getUTCMinutes()) +
    pad(t.getUTCSeconds()) +
    sign +
    pad(Math.floor(off / 60)) +
    pad(off % 60)
  );
}

/** Orders two TS strings by their leading digits (enough to find the earliest clinical date). */
export function tsSortKey(ts: string): string {
  let i = 0;
  while (i < ts.length && ((ts.charCodeAt(i) >= 48 && ts.charCodeAt(i) <= 57) || ts[i] === '.')) i++;
  return ts.slice(0, i);
}
