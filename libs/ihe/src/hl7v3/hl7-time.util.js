"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.hl7Timestamp = hl7Timestamp;
exports.fhirDateToHl7 = fhirDateToHl7;
exports.fhirDateTimeToHl7 = fhirDateTimeToHl7;
exports.hl7ToFhirDate = hl7ToFhirDate;
/** HL7 v3 TS for an instant, with its UTC offset: YYYYMMDDHHMMSS+0000 (never epoch seconds). */
function hl7Timestamp(d = new Date()) {
    const p = (n, w = 2) => String(n).padStart(w, '0');
    return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+0000`;
}
/** A FHIR date (YYYY, YYYY-MM, YYYY-MM-DD) as HL7 TS at the same precision. */
function fhirDateToHl7(date) {
    const m = date ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date) : null;
    return m ? `${m[1]}${m[2] ?? ''}${m[3] ?? ''}` : undefined;
}
/** A FHIR dateTime as HL7 TS (date precision when no time; time converted to UTC with +0000). */
function fhirDateTimeToHl7(value) {
    if (!value)
        return undefined;
    if (!value.includes('T'))
        return fhirDateToHl7(value);
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? fhirDateToHl7(value) : hl7Timestamp(d);
}
/**
 * Reads the date part of an HL7 TS (YYYY, YYYYMM or YYYYMMDD, anything after ignored) as a FHIR
 * date at the same precision. Returns undefined when it is not a real calendar date.
 */
function hl7ToFhirDate(ts) {
    const m = ts ? /^(\d{4})(\d{2})?(\d{2})?/.exec(ts.trim()) : null;
    if (!m)
        return undefined;
    const [, y, mo, d] = m;
    if (!mo)
        return y;
    const month = Number(mo);
    if (month < 1 || month > 12)
        return undefined;
    if (!d)
        return `${y}-${mo}`;
    const day = Number(d);
    const last = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
    if (day < 1 || day > last)
        return undefined;
    return `${y}-${mo}-${d}`;
}
//# sourceMappingURL=hl7-time.util.js.map