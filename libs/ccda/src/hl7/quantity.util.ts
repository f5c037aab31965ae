import { XmlWriter } from '../xml/xml-writer.util';
import { pqValue } from './datatypes.util';
import { resolveUnit } from './ucum.util';

/**
 * A FHIR Quantity as CDA PQ (or the `low`/`high` of an IVL_PQ). With a UCUM unit: `unit` is that unit.
 * A printed unit that is not UCUM still keeps the number: `unit` is a UCUM annotation of the printed
 * text (`{units/wk}` — an annotation is UCUM for "1, labelled", so no dimension is claimed) and the
 * printed text itself, verbatim, is the `originalText` of a PQR `translation` with nullFlavor OTH
 * (the unit is outside any code system). Returns false when the Quantity has no number.
 */
export function writePq(w: XmlWriter, tag: string, q: Record<string, unknown> | undefined, attrs?: Record<string, string>): boolean {
  const value = pqValue(q?.value);
  if (!q || !value) return false;
  const u = resolveUnit(q);
  if (u.ucum) {
    w.empty(tag, { ...attrs, value, unit: u.ucum });
    return true;
  }
  w.open(tag, { ...attrs, value, unit: annotation(u.printed!) });
  w.open('translation', { value, nullFlavor: 'OTH' });
  w.leaf('originalText', u.printed!);
  w.end('translation');
  w.end(tag);
  return true;
}

/** True when the Quantity's number can be written as PQ (any unit, or none). */
export function hasPqNumber(q: Record<string, unknown> | undefined): boolean {
  return !!pqValue(q?.value);
}

/** UCUM annotation `{…}` of a printed unit: printable ASCII except braces; anything else becomes `_`. */
export function annotation(printed: string): string {
  const body = printed.replace(/[^\x21-\x7a\x7c\x7e]/g, '_').slice(0, 60);
  return '{' + body + '}';
}
