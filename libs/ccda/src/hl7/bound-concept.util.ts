import { CodeableConcept, str } from '../fhir/fhir-access.util';
import { XmlWriter } from '../xml/xml-writer.util';
import { pickCodes } from './datatypes.util';

export interface BoundConceptOptions {
  /** Element name (`code`, `interpretationCode`). */
  tag: string;
  /** Narrative ID that holds the clinician's term (`originalText/reference`). */
  originalTextRef?: string;
}

/**
 * A CD/CE for an element the template binds to one code system (LOINC for a Result Observation's
 * code): a coding in that system is the code, the record's other codings its translations. A concept
 * the record codes only in other systems (UK results are SNOMED CT) is `nullFlavor="OTH"` — in HL7 V3
 * "the value is not in the expected code system" — with every coding that has a known OID as a
 * `translation` and the clinician's term as `originalText`: the pattern C-CDA uses for a code from
 * another system, and where a receiver looks when the code is OTH. Words only: OTH with originalText; a
 * coded HL7 nullFlavor in the record is kept; nothing at all: UNK.
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
