import { arr, clinicianTerm, codeableConcept, FhirResource, isObj, Json, obj, str } from '../fhir/fhir-access.util';
import { pqValue, writeConcept } from '../hl7/datatypes.util';
import { hasPqNumber, writePq } from '../hl7/quantity.util';
import { displayDate } from '../hl7/timestamp.util';
import { join } from '../narrative/narrative.util';
import { XmlWriter } from '../xml/xml-writer.util';

/** Printed value of an Observation for the narrative ("5.7 10*9/L", "< 0.5 mmol/L", a text or coded value). */
export function valueText(o: FhirResource): string | undefined {
  const q = obj(o.valueQuantity);
  if (q) {
    const v = pqValue(q.value);
    return join([str(q.comparator), v, str(q.unit) ?? str(q.code)], ' ');
  }
  if (str(o.valueString)) return str(o.valueString);
  const cc = codeableConcept(o.valueCodeableConcept);
  if (cc) return clinicianTerm(cc);
  if (typeof o.valueBoolean === 'boolean') return o.valueBoolean ? 'Yes' : 'No';
  if (typeof o.valueInteger === 'number') return String(o.valueInteger);
  if (str(o.valueDateTime)) return displayDate(str(o.valueDateTime));
  const r = obj(o.valueRange);
  if (r) return join([rangeBound(obj(r.low)), rangeBound(obj(r.high))], ' to ');
  const p = obj(o.valuePeriod);
  if (p) return join([displayDate(str(p.start)), displayDate(str(p.end))], ' to ');
  // Panels (e.g. a blood pressure without UCUM units) carry their values in components.
  const parts = arr(o.component)
    .filter(isObj)
    .map((c) => join([clinicianTerm(codeableConcept(c.code)), valueText(c as FhirResource)], ': '))
    .filter((x): x is string => !!x);
  if (parts.length) return parts.join('; ');
  const absent = clinicianTerm(codeableConcept(o.dataAbsentReason));
  return absent ? 'No value: ' + absent : undefined;
}

function rangeBound(q: Json | undefined): string | undefined {
  if (!q) return undefined;
  return join([pqValue(q.value), str(q.unit) ?? str(q.code)], ' ');
}

/**
 * Exactly one `value`: every number is PQ with its UCUM unit (a printed unit that is not UCUM is kept,
 * see writePq), IVL_PQ for comparators and ranges, ST only for text, CD for codes, nullFlavor NI when
 * there is none.
 */
export function writeObservationValue(w: XmlWriter, o: FhirResource, codedValueRef?: string): void {
  const q = obj(o.valueQuantity);
  if (q && hasPqNumber(q)) {
    const cmp = str(q.comparator);
    if (cmp && COMPARATORS.has(cmp)) {
      w.raw('<value xsi:type="IVL_PQ">');
      writePq(w, cmp.startsWith('<') ? 'high' : 'low', q, { inclusive: cmp.length === 2 ? 'true' : 'false' });
      w.raw('</value>');
      return;
    }
    writePq(w, 'value', q, { 'xsi:type': 'PQ' });
    return;
  }
  const range = obj(o.valueRange);
  if (range && (hasPqNumber(obj(range.low)) || hasPqNumber(obj(range.high)))) {
    w.raw('<value xsi:type="IVL_PQ">');
    writePq(w, 'low', obj(range.low));
    writePq(w, 'high', obj(range.high));
    w.raw('</value>');
    return;
  }
  if (q) {
    const printed = valueText(o);
    if (printed) {
      w.leaf('value', printed, { 'xsi:type': 'ST' });
      return;
    }
  }
  const s = str(o.valueString);
  if (s) {
    w.leaf('value', s, { 'xsi:type': 'ST' });
    return;
  }
  const cc = codeableConcept(o.valueCodeableConcept);
  if (cc) {
    writeConcept(w, cc, { tag: 'value', xsiType: 'CD', originalTextRef: codedValueRef });
    return;
  }
  if (typeof o.valueBoolean === 'boolean') {
    w.empty('value', { 'xsi:type': 'BL', value: o.valueBoolean ? 'true' : 'false' });
    return;
  }
  if (typeof o.valueInteger === 'number') {
    w.empty('value', { 'xsi:type': 'INT', value: o.valueInteger });
    return;
  }
  const other = valueText(o);
  if (other) {
    w.leaf('value', other, { 'xsi:type': 'ST' });
    return;
  }
  w.empty('value', { 'xsi:type': 'CD', nullFlavor: 'NI' });
}

const COMPARATORS = new Set(['<', '<=', '>', '>=']);

/**
 * Why a result has no reference range: NI ("no information") when the record sends none for a value
 * that could have one; NA ("not applicable") for a GP record entry with no value of its own (a coded
 * finding, a note).
 */
export type NoRange = 'NI' | 'NA';

/**
 * Reference ranges: IVL_PQ from the range's low/high (each bound in its own unit, as writePq writes
 * it), else the printed range as text. `observationRange` has exactly one value and no code
 * (CONF:1198-32175, 1198-7152). A result the record gives no range for has one range whose value is
 * the `absent` nullFlavor — typed IVL_PQ for a number, ST otherwise — so no range is ever implied.
 */
export function writeReferenceRanges(w: XmlWriter, o: FhirResource, absent: NoRange): void {
  let written = false;
  for (const r of arr(o.referenceRange)) {
    if (!isObj(r)) continue;
    written = true;
    const low = obj(r.low);
    const high = obj(r.high);
    w.raw('<referenceRange><observationRange>');
    if (hasPqNumber(low) || hasPqNumber(high)) {
      // The lab's printed range (e.g. "less than 5") is kept beside the numbers.
      if (str(r.text)) w.leaf('text', str(r.text));
      w.raw('<value xsi:type="IVL_PQ">');
      writePq(w, 'low', low ? { unit: valueUnitOf(o), ...low } : undefined);
      writePq(w, 'high', high ? { unit: valueUnitOf(o), ...high } : undefined);
      w.raw('</value>');
    } else {
      w.leaf('value', rangeText(r, o) ?? 'Range not stated', { 'xsi:type': 'ST' });
    }
    w.raw('</observationRange></referenceRange>');
  }
  if (written) return;
  const type = absent === 'NI' && isNumericValue(o) ? 'IVL_PQ' : 'ST';
  w.raw(
    '<referenceRange><observationRange><value xsi:type="' + type + '" nullFlavor="' + absent + '"/></observationRange></referenceRange>',
  );
}

/** Whether writeObservationValue writes the value as a number (PQ, IVL_PQ, INT). */
function isNumericValue(o: FhirResource): boolean {
  const range = obj(o.valueRange);
  return (
    hasPqNumber(obj(o.valueQuantity)) ||
    (!!range && (hasPqNumber(obj(range.low)) || hasPqNumber(obj(range.high)))) ||
    typeof o.valueInteger === 'number'
  );
}

/** A range bound without a unit of its own is in the unit of the value it qualifies. */
function valueUnitOf(o: FhirResource): string | undefined {
  return str(obj(o.valueQuantity)?.unit);
}

export function rangeText(r: Json, o?: FhirResource): string | undefined {
  const text = str(r.text);
  if (text) return text;
  const low = obj(r.low);
  const high = obj(r.high);
  const unit = str(low?.unit) ?? str(high?.unit) ?? (o ? str(obj(o.valueQuantity)?.unit) : undefined);
  const lv = pqValue(low?.value);
  const hv = pqValue(high?.value);
  if (!lv && !hv) return undefined;
  const span = lv && hv ? lv + ' to ' + hv : lv ? '>= ' + lv : '<= ' + hv;
  return join([span, unit], ' ');
}

export function rangesText(o: FhirResource): string | undefined {
  return join(
    arr(o.referenceRange)
      .filter(isObj)
      .map((r) => rangeText(r, o)),
    '; ',
  );
}
