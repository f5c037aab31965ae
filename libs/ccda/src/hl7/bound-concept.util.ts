import { CodeableConcept, str } from '../fhir/fhir-access.util';
import { XmlWriter } from '../xml/xml-writer.util';
import { pickCodes } from './datatypes.util';

export interface BoundConceptOptions {
  /** Element name (`interpretationCode`). */
  tag: string;
  /** Narrative ID that holds the clinician's term (`originalText/reference`). */
  originalTextRef?: string;
}

/**
 * A CD/CE for an element the template SHALL bind to one code system (a Result Observation's
 * `interpretationCode`: HL7 ObservationInterpretation, CONF:1198-7147): a coding in that system is the
 * code, the record's other codings its translations. A concept the record codes only in other systems
 * (SNOMED CT, the UK interpretation code PA) is `nullFlavor="OTH"` — in HL7 V3 "the value is not in
 * the expected code system" — with every coding that has a known OID as a `translation` and the
 * clinician's term as `originalText`: a code from another system there would break the SHALL. Words
 * only: OTH with originalText; a coded HL7 nullFlavor in the record is kept; nothing at all: UNK.
 * Where the binding is only a SHOULD (a Result Observation's `code`, LOINC), the record's own code is
 * conformant and is the `code` (writeConcept): a receiver reads `code/@code` first.
 */
export function writeBoundConcept(w: XmlWriter, cc: CodeableConcept | undefined, systemOid: string, o: BoundConceptOptions): void {
  const p = pickCodes(cc);
  const all = p.primary ? [p.primary, ...p.translations] : p.translations;
  const bound = all.find((c) => c.oid === systemOid);
  const translations = all.filter((c) => c !== bound);
  const hasWords = !!(cc?.text || (cc?.coding ?? []).some((c) => str(c.display)));
  const attrs = bound
    ? { code: bound.code, codeSystem: bound.oid, codeSystemName: bound.name, displayName: bound.display }
    : { nullFlavor: all.length ? 'OTH' : (p.nullFlavor ?? (hasWords ? 'OTH' : 'UNK')) };
  if (!o.originalTextRef && translations.length === 0) {
    w.empty(o.tag, attrs);
    return;
  }
  w.open(o.tag, attrs);
  // CD child order (CDA data types): originalText, qualifier, translation.
  if (o.originalTextRef) w.raw('<originalText><reference value="#' + o.originalTextRef + '"/></originalText>');
  for (const t of translations) w.empty('translation', { code: t.code, codeSystem: t.oid, codeSystemName: t.name, displayName: t.display });
  w.end(o.tag);
}
