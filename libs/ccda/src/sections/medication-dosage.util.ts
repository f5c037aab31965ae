import { arr, clinicianTerm, codeableConcept, isObj, Json, obj, str } from '../fhir/fhir-access.util';
import { OID } from '../hl7/code-systems';
import { pqValue, ucumUnit, writeConcept } from '../hl7/datatypes.util';
import { resolveUnit } from '../hl7/ucum.util';
import { XmlWriter } from '../xml/xml-writer.util';

/**
 * The structured half of a FHIR Dosage in a Medication Activity: timing (PIVL_TS / EIVL_TS), site,
 * dose, rate and maximum dose, in the CDA XSD order. Nothing is parsed out of the dosage words:
 * those travel whole in the Free Text Sig (sigText), where receivers read the instructions.
 */

const PERIOD_UNITS: Record<string, string> = { s: 's', min: 'min', h: 'h', d: 'd', wk: 'wk', mo: 'mo', a: 'a' };

/**
 * FHIR `Timing.when` codes that are also HL7 v3 TimingEvent codes (2.16.840.1.113883.5.139). MORN,
 * AFT, EVE, NIGHT and PHS have no v3 equivalent (HS is "before sleep", not "at night"), so they stay
 * in the sig text only.
 */
const TIMING_EVENTS = new Set([
  'AC',
  'ACM',
  'ACD',
  'ACV',
  'HS',
  'IC',
  'ICM',
  'ICD',
  'ICV',
  'PC',
  'PCM',
  'PCD',
  'PCV',
  'WAKE',
  'C',
  'CM',
  'CD',
  'CV',
]);

/**
 * The dosages of a medication in `sequence` order. GP Connect sends several for a stepped regimen
 * ("Two on the first day", "then one each day"); they are one prescription, so they stay one
 * Medication Activity, whose words say every step.
 */
export function dosageSteps(dosages: unknown): Json[] {
  const list = arr(dosages).filter(isObj);
  const seq = (d: Json): number => (typeof d.sequence === 'number' ? d.sequence : Number.MAX_SAFE_INTEGER);
  // Array sort is stable: steps without a sequence keep the order they were sent in.
  return list.length > 1 ? [...list].sort((a, b) => seq(a) - seq(b)) : list;
}

/**
 * The one dosage whose structured parts (timing, dose, site) describe the whole medication:
 * only when there is a single step. A stepped regimen has no single dose or frequency, so none is
 * claimed for it (its steps are in the sig words).
 */
export function structuredDosage(steps: Json[]): Json | undefined {
  return steps.length === 1 ? steps[0] : undefined;
}

/** The route when every step names the same one: it is then the medication's route. */
export function commonRoute(steps: Json[]): unknown {
  const first = steps[0]?.route;
  if (!isObj(first)) return undefined;
  const key = JSON.stringify(first);
  return steps.every((d) => JSON.stringify(d.route) === key) ? first : undefined;
}

/** The dosage words for the Free Text Sig: each step's text, then any additional instruction it does not already say. */
export function sigText(steps: Json[]): string | undefined {
  const parts: string[] = [];
  for (const dosage of steps) {
    const text = str(dosage.text);
    if (text) parts.push(text);
    for (const ai of arr(dosage.additionalInstruction)) {
      const t = clinicianTerm(codeableConcept(ai));
      if (t && !parts.some((p) => p.toLowerCase().includes(t.toLowerCase()))) parts.push(t);
    }
  }
  return parts.length ? parts.join('; ') : undefined;
}

/** The patient instructions of all steps, each once. */
export function patientInstructionText(steps: Json[]): string | undefined {
  const out: string[] = [];
  for (const d of steps) {
    const t = str(d.patientInstruction);
    if (t && !out.includes(t)) out.push(t);
  }
  return out.length ? out.join('; ') : undefined;
}

/** Second effectiveTime (operator A): PIVL_TS from frequency/period, else EIVL_TS from a single v3 event code. */
export function writeTiming(w: XmlWriter, dosage: Json | undefined): void {
  const rep = obj(obj(dosage?.timing)?.repeat);
  if (!rep) return;
  const period = typeof rep.period === 'number' && rep.period > 0 ? rep.period : undefined;
  const unit = PERIOD_UNITS[String(rep.periodUnit)];
  const freq = typeof rep.frequency === 'number' && rep.frequency > 0 ? rep.frequency : 1;
  if (period && unit) {
    const value = period / freq;
    w.raw('<effectiveTime xsi:type="PIVL_TS" institutionSpecified="true" operator="A">');
    w.empty('period', { value: String(Number(value.toFixed(4))), unit });
    w.raw('</effectiveTime>');
    return;
  }
  const events = arr<string>(rep.when).filter((e) => typeof e === 'string');
  if (events.length === 1 && TIMING_EVENTS.has(events[0])) {
    w.raw('<effectiveTime xsi:type="EIVL_TS" operator="A">');
    w.empty('event', { code: events[0] });
    w.raw('</effectiveTime>');
  }
}

/** approachSiteCode from `dosage.site` (coded, or the text with nullFlavor OTH). */
export function writeSite(w: XmlWriter, dosage: Json | undefined): void {
  const site = codeableConcept(dosage?.site);
  if (site) writeConcept(w, site, { tag: 'approachSiteCode' });
}

const SNOMED_SYSTEMS = new Set(['http://snomed.info/sct', 'https://dmd.nhs.uk']);
const UCUM_SYSTEM = 'http://unitsofmeasure.org';

/**
 * The printed units accepted for a dose (with no coded unit): mass and volume only, each with its UCUM
 * form. Any other printed unit is not read as UCUM even when the string is valid UCUM, because prescribers
 * mean something else by it: "u"/"U" (insulin units) are the dalton / enzyme unit, "t" the tonne, "pt"
 * the pint, "G" the gauss. Those doses stay in the sig words.
 */
const PRINTED_DOSE_UNITS: Readonly<Record<string, string>> = {
  mg: 'mg',
  milligram: 'mg',
  milligrams: 'mg',
  g: 'g',
  gram: 'g',
  grams: 'g',
  mcg: 'ug',
  ug: 'ug',
  µg: 'ug',
  microgram: 'ug',
  micrograms: 'ug',
  ng: 'ng',
  nanogram: 'ng',
  nanograms: 'ng',
  ml: 'mL',
  mL: 'mL',
  millilitre: 'mL',
  millilitres: 'mL',
  L: 'L',
  l: 'L',
  litre: 'L',
  litres: 'L',
};

/** The printed units accepted for the period of a maximum dose ("per 1 day"): time units only. */
const PRINTED_PERIOD_UNITS: Readonly<Record<string, string>> = {
  h: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  wk: 'wk',
  week: 'wk',
  weeks: 'wk',
  mo: 'mo',
  month: 'mo',
  months: 'mo',
};

type PrintedUnits = Readonly<Record<string, string>>;

/**
 * The UCUM unit of a dose Quantity: its UCUM code when it is coded in UCUM (and valid, by resolveUnit);
 * a printed unit only when it is one of `accepted`; otherwise undefined.
 */
function doseUnit(q: Json, accepted: PrintedUnits): string | undefined {
  if (q.system === UCUM_SYSTEM && str(q.code)) return resolveUnit({ system: q.system, code: q.code }).ucum;
  const printed = str(q.unit)?.trim();
  if (q.system !== undefined || q.code !== undefined || !printed) return undefined;
  return Object.prototype.hasOwnProperty.call(accepted, printed) ? accepted[printed] : undefined;
}

/**
 * A PQ from a FHIR Quantity: a UCUM unit as coded, or a printed unit (no system) from `accepted`
 * ("mg", "ml" → mL, "mcg" → ug); a count (no unit, or a SNOMED unit of product usage such as 428673006
 * "tablet") as unit "1" (the PQ default, i.e. so many of the product) with the SNOMED unit kept as a PQR
 * translation. Any other unit gives undefined: the words are in the sig.
 */
function pqParts(
  q: Json | undefined,
  accepted: PrintedUnits = PRINTED_DOSE_UNITS,
): { value: string; unit: string; translation?: { code: string; display?: string } } | undefined {
  const value = pqValue(q?.value);
  if (!q || !value) return undefined;
  const unit = doseUnit(q, accepted);
  if (unit) return { value, unit };
  if (typeof q.system === 'string' && SNOMED_SYSTEMS.has(q.system) && str(q.code))
    return { value, unit: '1', translation: { code: str(q.code)!, display: str(q.unit) } };
  if (q.unit === undefined && q.code === undefined) return { value, unit: '1' };
  return undefined;
}

function writePq(w: XmlWriter, tag: string, p: NonNullable<ReturnType<typeof pqParts>>): void {
  if (!p.translation) {
    w.empty(tag, { value: p.value, unit: p.unit });
    return;
  }
  w.open(tag, { value: p.value, unit: p.unit });
  w.empty('translation', {
    value: p.value,
    code: p.translation.code,
    codeSystem: OID.snomed,
    codeSystemName: 'SNOMED CT',
    displayName: p.translation.display,
  });
  w.end(tag);
}

/**
 * doseQuantity (SHALL in the schematron in use), rateQuantity, maxDoseQuantity. Without a structured
 * dose the doseQuantity is nullFlavor UNK; for a stepped regimen (`stepped`) it is NA: no single dose
 * applies to the whole medication.
 */
export function writeDoseParts(w: XmlWriter, dosage: Json | undefined, stepped = false): void {
  const dose = pqParts(obj(dosage?.doseQuantity));
  if (dose) writePq(w, 'doseQuantity', dose);
  else w.empty('doseQuantity', { nullFlavor: stepped ? 'NA' : 'UNK' });
  // rateQuantity SHALL carry a unit, and only a UCUM one means a rate.
  const rate = obj(dosage?.rateQuantity);
  const rateUnit = ucumUnit(rate);
  const rateValue = pqValue(rate?.value);
  if (rateUnit && rateValue) w.empty('rateQuantity', { value: rateValue, unit: rateUnit });
  const max = obj(dosage?.maxDosePerPeriod);
  const num = pqParts(obj(max?.numerator));
  const den = pqParts(obj(max?.denominator), PRINTED_PERIOD_UNITS);
  if (num && den && !den.translation) {
    w.raw('<maxDoseQuantity>');
    writePq(w, 'numerator', num);
    w.empty('denominator', { value: den.value, unit: den.unit });
    w.raw('</maxDoseQuantity>');
  }
}

/** The dose as the narrative shows it ("1 tablet"), or undefined. */
export function doseText(dosage: Json | undefined): string | undefined {
  const q = obj(dosage?.doseQuantity);
  const v = pqValue(q?.value);
  if (!v) return undefined;
  return isObj(q) && str(q.unit) ? v + ' ' + str(q.unit) : v;
}
