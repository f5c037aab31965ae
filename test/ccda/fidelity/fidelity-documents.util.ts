import { UcumLhcUtils } from '@lhncbc/ucum-lhc';
import { convertBundleToCcd } from '@gw/ccda';
import { OPTIONS, parseXml, patientOf, resources, sharedBundles, specExamples, withNhsNumber, type Json } from '../ccda-fixtures.util';
import { SYNTHETIC_VALUES } from './synthetic-values.bundle';
import { byTemplate, conceptsOf, effectiveTimeOf, idsOf, type Ii, type QuantityRead, TEMPLATE, valueOf } from './ccd-reader.util';

/**
 * Every GP Connect bundle the project has (the recorded structured-record bundles, the published
 * spec examples that carry a Patient, and a synthetic record of the values those lack), each converted once, with the parsed CCD. Published examples
 * whose NHS number fails the check digit are converted with a valid one.
 */
const PATCH_NHS = new Set(['pathology_response1.json', 'pathology_response2.json', 'skeleton_full_record.json']);

export interface FidelityDocument {
  name: string;
  bundle: Json;
  doc: Document;
}

let cache: FidelityDocument[] | undefined;

export function fidelityDocuments(): FidelityDocument[] {
  if (!cache) {
    cache = [...sharedBundles(), ...specExamples(), { name: 'synthetic-values', bundle: SYNTHETIC_VALUES }]
      .filter(({ bundle }) => !!patientOf(bundle))
      .map(({ name, bundle }) => {
        const input = PATCH_NHS.has(name) ? withNhsNumber(bundle, '9999999999') : bundle;
        return { name, bundle: input, doc: parseXml(convertBundleToCcd(input, OPTIONS).xml) };
      });
  }
  return cache;
}

export function observations(bundle: Json): Json[] {
  return resources(bundle).filter((r) => r.resourceType === 'Observation');
}

/** Each Result Observation (4.2) of the document with the Observation of the bundle it comes from. */
export function resultStatements(d: FidelityDocument): { el: Element; src: Json }[] {
  const obs = observations(d.bundle);
  return byTemplate(d.doc, TEMPLATE.resultObservation).flatMap((el) => {
    const src = obs.find((o) => idsOf(el).some((i) => idNames(i, o)));
    return src ? [{ el, src }] : [];
  });
}

export const SNOMED = 'http://snomed.info/sct';

/** Filing comments (SNOMED 37331000000100 "Comment note") are comments on a report, not observations. */
export function isCommentNote(o: Json): boolean {
  return (o.code?.coding ?? []).some((c: Json) => c.code === '37331000000100');
}

export function snomedCoding(cc: Json | undefined): Json | undefined {
  return (cc?.coding ?? []).find((c: Json) => c.system === SNOMED && typeof c.code === 'string');
}

function crossCareId(r: Json): string | undefined {
  for (const i of r.identifier ?? []) {
    if (typeof i.system === 'string' && i.system.endsWith('cross-care-setting-identifier') && typeof i.value === 'string') {
      return i.value.replace(/^urn:uuid:/, '').toUpperCase();
    }
  }
  return undefined;
}

/**
 * Whether a CDA id names the resource (reference §6 "Identifiers"): the cross-care-setting UUID as
 * root, else the configured root with `Type/id` as extension. `part` admits a qualified extension
 * (`Type/id/…`) for statements that encode part of a resource (a blood-pressure component).
 */
export function idNames(ii: Ii, r: Json, part = false): boolean {
  const uuid = crossCareId(r);
  if (uuid && !ii.extension && ii.root.toUpperCase() === uuid) return true;
  const key = `${r.resourceType}/${r.id}`;
  if (ii.extension === key) return true;
  return part && !!ii.extension && ii.extension.startsWith(key + '/');
}

/** FHIR date/dateTime/instant → HL7 TS at the same precision (reference §6 "Dates"). */
export function expectedTs(fhir: string | undefined): string | undefined {
  if (!fhir) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(fhir);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let ts = y + (mo ?? '') + (d ?? '') + (h ?? '') + (mi ?? '') + (s ?? '') + (frac ?? '');
  if (zone) ts += zone === 'Z' ? '+0000' : zone.replace(':', '');
  return ts;
}

export function observationDate(o: Json): string | undefined {
  return o.effectiveDateTime ?? o.effectivePeriod?.start;
}

const ucum = UcumLhcUtils.getInstance();

/** Printed GP units that are valid UCUM with another meaning: "C" (coulomb, GP: Celsius), "u/L" (dalton/L, GP: enzyme units). */
const UCUM_FALSE_FRIENDS = new Set(['C', 'u/L']);

/** Valid UCUM by the NLM library (independently of the converter's own check). */
export function isValidUcum(unit: string | undefined): boolean {
  if (!unit || /\s/.test(unit)) return false;
  const r = ucum.validateUnitString(unit, false);
  return r.status === 'valid' && r.ucumCode === unit;
}

/** Problems with a written quantity against the FHIR Quantity: same number, a UCUM unit, the printed unit kept. */
export function quantityProblems(q: QuantityRead | undefined, fhir: Json): string[] {
  if (!q) return ['no PQ for a numeric value'];
  const out: string[] = [];
  if (Number(q.value) !== Number(fhir.value)) out.push(`value ${q.value} ≠ ${fhir.value}`);
  if (!isValidUcum(q.unit)) out.push(`unit ${q.unit} is not UCUM`);
  const printed = typeof fhir.unit === 'string' ? fhir.unit.trim() : undefined;
  if (fhir.system === 'http://unitsofmeasure.org' && fhir.code) {
    if (q.unit !== fhir.code) out.push(`unit ${q.unit} ≠ UCUM code ${fhir.code}`);
  } else if (printed && isValidUcum(printed) && !UCUM_FALSE_FRIENDS.has(printed)) {
    if (q.unit !== printed) out.push(`unit ${q.unit} ≠ printed UCUM unit ${printed}`);
  } else if (printed && /^\{[^}]*\}$/.test(q.unit ?? '') && !q.printedUnits.includes(printed)) {
    out.push(`printed unit ${printed} lost (unit ${q.unit})`);
  }
  if (!printed && !fhir.code && q.unit !== '1') out.push(`unit ${q.unit} for a unitless number`);
  return out;
}

/**
 * Problems with one observation statement against its FHIR source (`holder` is the Observation or,
 * for a panel, its component): the GP code and display, the date at its precision, the value.
 */
export function observationProblems(el: Element, source: Json, holder: Json = source): string[] {
  const out: string[] = [];
  const sct = snomedCoding(holder.code);
  const concepts = conceptsOf(el);
  if (sct) {
    const hit = concepts.find((c) => c.code === sct.code && c.codeSystem === '2.16.840.1.113883.6.96');
    if (!hit) out.push(`GP code ${sct.code} missing`);
    else if (sct.display && hit.displayName !== sct.display) out.push(`display "${hit.displayName}" ≠ "${sct.display}"`);
  }
  const when = expectedTs(observationDate(source));
  if (when && effectiveTimeOf(el) !== when) out.push(`date ${effectiveTimeOf(el)} ≠ ${when}`);
  const q = holder.valueQuantity;
  if (q && typeof q.value === 'number') {
    const v = valueOf(el);
    if (!v) out.push('no single value');
    else if (q.comparator) {
      const bound = q.comparator.startsWith('<') ? v.high : v.low;
      if (v.xsiType !== 'IVL_PQ') out.push(`comparator value as ${v.xsiType}`);
      else out.push(...quantityProblems(bound, q));
    } else if (v.xsiType !== 'PQ') out.push(`numeric value as ${v.xsiType}`);
    else out.push(...quantityProblems(v.pq, q));
  }
  return out;
}
