import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import type { CcdOptions } from '@gw/ccda';
import { GPC_BUNDLES_DIR, NHS_FIXTURES_DIR } from '../support/reference-paths';

/** The recorded GP Connect bundles (the sandbox's) and the published spec examples (test fixtures). */
export const BUNDLES_DIR = GPC_BUNDLES_DIR;
export const EXAMPLES_DIR = path.join(NHS_FIXTURES_DIR, 'gpconnect/examples_clean');

export type Json = Record<string, any>;

export function loadJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function sharedBundles(): { name: string; bundle: Json }[] {
  return readdirSync(BUNDLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, bundle: loadJson(path.join(BUNDLES_DIR, f)) }));
}

/** Published spec example responses (requests are Parameters, not bundles). */
export function specExamples(): { name: string; bundle: Json }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json') && !f.includes('request'))
    .sort()
    .map((f) => ({ name: f, bundle: loadJson(path.join(EXAMPLES_DIR, f)) }));
}

/** Fixed options so outputs are deterministic. */
export const OPTIONS: CcdOptions = {
  documentId: '5d3a1f7e-2b4c-4d6e-8f90-a1b2c3d4e5f6',
  effectiveTime: new Date('2026-03-04T05:06:07Z'),
  custodian: {
    name: 'Example Gateway Operator',
    root: '2.16.840.1.113883.2.1.4.3',
    extension: 'X26',
    telecom: 'tel:+441132000000',
    address: { lines: ['1 Trevelyan Square'], city: 'Leeds', postalCode: 'LS1 6AE', country: 'GB' },
  },
  localIdRoot: '2.25.136978205357118006888304282795098139924',
};

/** Entries of a bundle with or without the `resource` wrapper. */
export function resources(bundle: Json): Json[] {
  return (bundle.entry ?? []).map((e: Json) => e.resource ?? e).filter((r: Json) => r && typeof r.resourceType === 'string');
}

export function patientOf(bundle: Json): Json | undefined {
  return resources(bundle).find((r) => r.resourceType === 'Patient');
}

/** A copy of the bundle whose Patient carries the given NHS number (some published examples carry an invalid one). */
export function withNhsNumber(bundle: Json, nhs: string): Json {
  const copy = structuredClone(bundle);
  const p = patientOf(copy)!;
  const others = (p.identifier ?? []).filter((i: Json) => !String(i.system ?? '').endsWith('/nhs-number'));
  p.identifier = [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }, ...others];
  return copy;
}

export function parseXml(xml: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') errors.push(msg);
    },
  }).parseFromString(xml, 'text/xml') as unknown as Document;
  if (errors.length) throw new Error('not well-formed: ' + errors[0]);
  return doc;
}

export const select = xpath.useNamespaces({
  h: 'urn:hl7-org:v3',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  sdtc: 'urn:hl7-org:sdtc',
});

export function nodes(doc: Node, expr: string): Element[] {
  return select(expr, doc) as Element[];
}

export function count(doc: Node, expr: string): number {
  return Number(select(`count(${expr})`, doc));
}

export function str(doc: Node, expr: string): string {
  return String(select(`string(${expr})`, doc));
}

/** The section with the given LOINC code. */
export function section(doc: Node, loinc: string): Element | undefined {
  return nodes(doc, `/h:ClinicalDocument/h:component/h:structuredBody/h:component/h:section[h:code/@code='${loinc}']`)[0];
}

/** Resource types the converter treats as clinical items (everything but people, places and structure). */
const SUPPORT = new Set([
  'Patient',
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Location',
  'Medication',
  'List',
  'OperationOutcome',
  'Device',
  'HealthcareService',
  'Bundle',
  'Endpoint',
]);

/**
 * Every clinical item of a bundle as `Type/id` (contained ones as `List/<id>#<cid>`, `Type/#i` when the
 * resource has no id, and `Type/id~n` for the n-th repeat of an id the sender used more than once).
 */
export function clinicalItems(bundle: Json): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  resources(bundle).forEach((r, i) => {
    const key = `${r.resourceType}/${r.id ?? '#' + i}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (!SUPPORT.has(r.resourceType)) out.push(n > 1 ? `${key}~${n}` : key);
    for (const c of r.contained ?? []) if (!SUPPORT.has(c.resourceType)) out.push(`${r.resourceType}/${r.id ?? '#' + i}#${c.id}`);
  });
  return out;
}
