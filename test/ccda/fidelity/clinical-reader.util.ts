import { convertBundleToCcd } from '@gw/ccda';
import {
  count,
  nodes,
  OPTIONS,
  parseXml,
  patientOf,
  resources,
  sharedBundles,
  specExamples,
  str,
  withNhsNumber,
  type Json,
} from '../ccda-fixtures.util';

/**
 * Reads a CCD back the way a receiving system does: by C-CDA R2.1 template (root + extension, as the
 * IG defines them), never by the converter's own structure, and pairs every entry with its source
 * resource by the id rule of the IG digest (§6 Identifiers: the cross-care-setting UUID as root, or
 * `<local root>` + `Type/id`). Medications, immunisations, encounters, allergies, problems, referrals and diary entries.
 */

export const T = {
  medicationActivity: ['2.16.840.1.113883.10.20.22.4.16', '2014-06-09'],
  freeTextSig: ['2.16.840.1.113883.10.20.22.4.147'],
  instruction: ['2.16.840.1.113883.10.20.22.4.20', '2014-06-09'],
  supplyOrder: ['2.16.840.1.113883.10.20.22.4.17', '2014-06-09'],
  criticality: ['2.16.840.1.113883.10.20.22.4.145'],
  reaction: ['2.16.840.1.113883.10.20.22.4.9', '2014-06-09'],
  commentActivity: ['2.16.840.1.113883.10.20.22.4.64'],
  immunizationActivity: ['2.16.840.1.113883.10.20.22.4.52', '2015-08-01'],
  immunizationMedication: ['2.16.840.1.113883.10.20.22.4.54', '2014-06-09'],
  encounterActivity: ['2.16.840.1.113883.10.20.22.4.49', '2015-08-01'],
  allergyConcern: ['2.16.840.1.113883.10.20.22.4.30', '2015-08-01'],
  allergyObservation: ['2.16.840.1.113883.10.20.22.4.7', '2014-06-09'],
  problemConcern: ['2.16.840.1.113883.10.20.22.4.3', '2015-08-01'],
  problemObservation: ['2.16.840.1.113883.10.20.22.4.4', '2015-08-01'],
  authorParticipation: ['2.16.840.1.113883.10.20.22.4.119'],
  plannedAct: ['2.16.840.1.113883.10.20.22.4.39', '2014-06-09'],
  procedureActivityAct: ['2.16.840.1.113883.10.20.22.4.12', '2014-06-09'],
} as const;

/** XPath predicate selecting an element that declares the template. */
export function tpl(t: readonly string[]): string {
  return t.length > 1 ? `[h:templateId[@root='${t[0]}' and @extension='${t[1]}']]` : `[h:templateId[@root='${t[0]}' and not(@extension)]]`;
}

export interface ReadDoc {
  name: string;
  bundle: Json;
  doc: Document;
  xml: string;
}

/** Published examples whose Patient has an NHS number failing the check digit: converted with a valid one. */
const PATCH_NHS = new Set(['pathology_response1.json', 'pathology_response2.json', 'skeleton_full_record.json']);

let cache: ReadDoc[] | undefined;

/** Every bundle the project has (sandbox records and published spec examples) that names a patient, converted once. */
export function allDocuments(): ReadDoc[] {
  if (cache) return cache;
  cache = [];
  for (const { name, bundle } of [...sharedBundles(), ...specExamples()]) {
    if (!patientOf(bundle)) continue;
    const input = PATCH_NHS.has(name) ? withNhsNumber(bundle, '9999999999') : bundle;
    const xml = convertBundleToCcd(input, OPTIONS).xml;
    cache.push({ name, bundle: input, doc: parseXml(xml), xml });
  }
  return cache;
}

/**
 * Source resources of a type, contained ones included (ended allergies live in a List), keyed as the
 * converter's report names them (lib README): `Type/id`, `Type/#i` without an id, `Type/id~n` for the
 * n-th use of an id the sender repeated, `List/<id>#<cid>` for contained ones.
 */
export function sourceOf(bundle: Json, type: string): { res: Json; key: string }[] {
  const out: { res: Json; key: string }[] = [];
  const seen = new Map<string, number>();
  resources(bundle).forEach((r, i) => {
    const base = `${r.resourceType}/${r.id ?? '#' + i}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    if (r.resourceType === type) out.push({ res: r, key: n > 1 ? `${base}~${n}` : base });
    for (const c of r.contained ?? []) if (c.resourceType === type) out.push({ res: c, key: `${base}#${c.id}` });
  });
  return out;
}

function uuidOf(res: Json): string | undefined {
  for (const id of res.identifier ?? []) {
    if (!String(id.system ?? '').endsWith('cross-care-setting-identifier')) continue;
    const v = String(id.value ?? '').replace(/^urn:uuid:/, '');
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return v.toUpperCase();
  }
  return undefined;
}

/** The entries (elements declaring `t`) whose `id` identifies the source resource. */
export function entriesFor(doc: Document, t: readonly string[], source: { res: Json; key: string }): Element[] {
  const uuid = uuidOf(source.res);
  return nodes(doc, `//h:*${tpl(t)}`).filter((e) =>
    nodes(e, 'h:id').some(
      (id) =>
        id.getAttribute('extension') === source.key ||
        (uuid !== undefined && id.getAttribute('root')?.toUpperCase() === uuid && !id.getAttribute('extension')),
    ),
  );
}

/** Does the entry's id identify some resource of the bundle (document → bundle)? */
export function identifiesSource(entry: Element, sources: { res: Json; key: string }[]): boolean {
  return nodes(entry, 'h:id').some((id) =>
    sources.some(
      (s) =>
        id.getAttribute('extension') === s.key ||
        (!id.getAttribute('extension') && id.getAttribute('root')?.toUpperCase() === uuidOf(s.res)),
    ),
  );
}

/** FHIR date/dateTime → HL7 TS at the same precision (IG digest §6 table), written independently of the converter. */
export function ts(fhir: string | undefined): string | undefined {
  if (!fhir) return undefined;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(fhir);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  let out = y + (mo ?? '') + (d ?? '');
  if (h) out += h + mi + (s ?? '00') + (frac ?? '') + (tz ? (tz === 'Z' ? '+0000' : tz.replace(':', '')) : '');
  return out;
}

/** First SNOMED coding of a CodeableConcept. */
export function snomed(cc: Json | undefined): Json | undefined {
  return (cc?.coding ?? []).find((c: Json) => c.system === 'http://snomed.info/sct' && c.code);
}

/** Plain text of an ED/originalText (its words, without the narrative reference). */
export function words(el: Node, expr: string): string {
  return str(el, expr).replace(/\s+/g, ' ').trim();
}

/** ids of the clinical statements inside the given sections, as `root|extension`, for the "no id repeats" check. */
export function statementIds(doc: Document, loincs: string[]): string[] {
  const out: string[] = [];
  for (const l of loincs) {
    for (const id of nodes(doc, `//h:section[h:code/@code='${l}']//h:*[h:templateId]/h:id[@root]`)) {
      out.push(id.getAttribute('root') + '|' + (id.getAttribute('extension') ?? ''));
    }
  }
  return out;
}

const NCI = '2.16.840.1.113883.3.26.1.1';
const SNOMED_OID = '2.16.840.1.113883.6.96';
/**
 * FDA SPL routes (NCI Thesaurus) of the SNOMED routes, from the FDA route of administration table:
 * each SNOMED CT route and the FDA route that is the same route.
 */
export const FDA_ROUTE: Readonly<Record<string, string>> = {
  '26643006': 'C38288', // oral
  '34206005': 'C38299', // subcutaneous
  '78421000': 'C28161', // intramuscular
  '47625008': 'C38276', // intravenous
  '372464004': 'C38238', // intradermal
  '37839007': 'C38300', // sublingual
  '46713006': 'C38284', // nasal
  '54485002': 'C38287', // ophthalmic
  '10547007': 'C38192', // otic (auricular)
  '45890007': 'C38305', // transdermal
  '6064005': 'C38304', // topical
  '37161004': 'C38295', // rectal
};

/** The words a record gives for a route: its text, the codings' displays and their SNOMED description terms. */
function routeWords(route: Json): string[] {
  const out: string[] = [];
  if (typeof route.text === 'string') out.push(route.text);
  for (const c of route.coding ?? []) {
    if (typeof c.display === 'string') out.push(c.display);
    for (const x of c.extension ?? []) for (const y of x.extension ?? []) if (typeof y.valueString === 'string') out.push(y.valueString);
  }
  return out.map((w) => w.trim());
}

/** routeCode read back: the FDA code (or nullFlavor OTH when the route has none) and the SNOMED route as translation. */
export function routeFaults(e: Element, route: Json | undefined): string[] {
  const sct = snomed(route);
  if (!sct) return [];
  const faults: string[] = [];
  if (str(e, `h:routeCode/h:translation[@codeSystem='${SNOMED_OID}']/@code`) !== sct.code)
    faults.push('route not carried as SNOMED translation');
  const fda = FDA_ROUTE[sct.code];
  if (fda && (str(e, 'h:routeCode/@code') !== fda || str(e, 'h:routeCode/@codeSystem') !== NCI))
    faults.push(`route ${str(e, 'h:routeCode/@code')} for FDA ${fda}`);
  if (!str(e, 'h:routeCode/@code') && str(e, 'h:routeCode/@nullFlavor') !== 'OTH') faults.push('uncoded route without nullFlavor OTH');
  if (str(e, 'h:routeCode/@code') && str(e, 'h:routeCode/@codeSystem') !== NCI) faults.push('routeCode not from the FDA route terminology');
  // originalText/reference points at the route words in the narrative, and at nothing else (no label).
  const ref = str(e, 'h:routeCode/h:originalText/h:reference/@value');
  if (ref) {
    const target = nodes(e, `//h:*[@ID='${ref.replace(/^#/, '')}']`);
    const text = target.length === 1 ? (target[0].textContent ?? '').replace(/\s+/g, ' ').trim() : undefined;
    if (text === undefined || !routeWords(route!).includes(text)) faults.push(`route originalText reads "${text}"`);
  }
  return faults;
}

export { count, nodes, str };
