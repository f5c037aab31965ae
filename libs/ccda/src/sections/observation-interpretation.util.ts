import { clinicianTerm, codeableConcept, FhirResource, str } from '../fhir/fhir-access.util';
import { writeBoundConcept } from '../hl7/bound-concept.util';
import { OID } from '../hl7/code-systems';
import { writeFixedCode } from '../hl7/datatypes.util';
import { CellPart } from '../narrative/narrative.util';
import { XmlWriter } from '../xml/xml-writer.util';

/**
 * FHIR URIs of HL7 v2 table 0078 and of V3 ObservationInterpretation (STU3 and current forms). GP
 * Connect binds Observation.interpretation to CareConnect-ObservationInterpretation-1: the v2 0078
 * codes plus one UK code, PA "Potentially abnormal".
 */
const INTERPRETATION_SYSTEMS = new Set([
  'http://hl7.org/fhir/v2/0078',
  'http://terminology.hl7.org/CodeSystem/v2-0078',
  'http://hl7.org/fhir/v3/ObservationInterpretation',
  'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
]);

/**
 * Codes that V3 ObservationInterpretation (2.16.840.1.113883.5.83, the C-CDA value set's system)
 * shares with v2 table 0078 — HL7 harmonised the two, so these mean the same in both. A v2 code not
 * listed here (e.g. "null", no range defined) is not a V3 code: it stays words (see below).
 */
const V3_CODES = new Set([
  ...['N', 'A', 'AA', 'H', 'HH', 'HU', 'L', 'LL', 'LU', '<', '>'],
  ...['U', 'D', 'B', 'W'],
  ...['POS', 'NEG', 'IND', 'E', 'DET', 'ND'],
  ...['NR', 'RR', 'WR'],
  ...['S', 'R', 'I', 'MS', 'VS', 'NS', 'SDD', 'SYN-R', 'SYN-S'],
  ...['AC', 'IE', 'QCF', 'TOX'],
]);

/**
 * Why a result has no interpretation: NI ("no information") when the record sends none for a value
 * that could have one — never read as Normal, which is a code (N) the sender did not give; NA ("not
 * applicable") for a GP record entry with no value of its own (a coded finding, a note).
 */
export type NoInterpretation = 'NI' | 'NA';

/** Narrative cell of the interpretation, with an ID when there is a term to reference. */
export function interpretationCell(o: FhirResource, row: string): CellPart[] | undefined {
  const t = interpretationText(o);
  return t ? [{ id: row + '-int', text: t }] : undefined;
}

export function interpretationText(o: FhirResource): string | undefined {
  return clinicianTerm(codeableConcept(o.interpretation));
}

/**
 * `interpretationCode` (CE) of a Result Observation from Observation.interpretation. The template
 * binds it to the Observation Interpretation value set with SHALL (CONF:1198-7147), so a v2 0078 / V3
 * code is the V3 code, and anything else the record codes or says (SNOMED CT, the UK code PA, words)
 * is nullFlavor OTH with the SNOMED coding as translation and the term (cell `row-int`) as
 * originalText; no interpretation in the record: the `absent` nullFlavor.
 */
export function writeInterpretation(w: XmlWriter, o: FhirResource, row: string, absent: NoInterpretation): void {
  const cc = codeableConcept(o.interpretation);
  if (!cc) {
    w.empty('interpretationCode', { nullFlavor: absent });
    return;
  }
  const ref = interpretationText(o) ? row + '-int' : undefined;
  if (!writeV3Interpretation(w, o, ref)) {
    writeBoundConcept(w, cc, OID.observationInterpretation, { tag: 'interpretationCode', originalTextRef: ref });
  }
}

/**
 * `interpretationCode` of a Vital Sign Observation: its @code SHALL come from the HL7 Observation
 * Interpretation value set (CONF:1098-32886; no nullFlavor, and a code of another system is outside
 * the value set), so only a v2 0078 / V3 code is written, with the term (cell `ref`) as originalText.
 * A SNOMED CT or UK (PA) interpretation, or words, have no place there: they stay in the narrative row.
 */
export function writeVitalSignInterpretation(w: XmlWriter, o: FhirResource, ref?: string): void {
  writeV3Interpretation(w, o, ref);
}

function writeV3Interpretation(w: XmlWriter, o: FhirResource, ref?: string): boolean {
  const c = codeableConcept(o.interpretation)?.coding?.find(
    (x) => INTERPRETATION_SYSTEMS.has(x.system ?? '') && typeof x.code === 'string' && V3_CODES.has(x.code),
  );
  if (!c?.code) return false;
  writeFixedCode(
    w,
    'interpretationCode',
    { code: c.code, codeSystem: OID.observationInterpretation, codeSystemName: 'ObservationInterpretation', displayName: str(c.display) },
    { originalTextRef: ref },
  );
  return true;
}
