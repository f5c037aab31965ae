import { BundleIndex } from './bundle-index';
import { arr, codeableConcept, codings, extensions, FhirResource, isObj, notes, str } from './fhir-access.util';

/** GP Connect List codes (SNOMED) and the secondary-list codes, identified by code, never by title. */
export const LIST_CODES = {
  allergies: '886921000000105',
  endedAllergies: '1103671000000101',
  medications: '933361000000108',
  problems: '717711000000103',
  immunisations: '1102181000000102',
  investigations: '887191000000108',
  uncategorised: '826501000000100',
  consultations: '1149501000000101',
  consultation: '325851000000107',
  topic: '25851000000105',
  heading: '24781000000107',
  referrals: '792931000000107',
  diary: '714311000000108',
} as const;

/** The clinical area each List code belongs to (secondary lists count for their own area). */
export type Area =
  'allergies' | 'medications' | 'problems' | 'immunisations' | 'investigations' | 'uncategorised' | 'consultations' | 'referrals' | 'diary';

const AREA_BY_CODE: Record<string, Area> = {
  [LIST_CODES.allergies]: 'allergies',
  [LIST_CODES.endedAllergies]: 'allergies',
  [LIST_CODES.medications]: 'medications',
  [LIST_CODES.problems]: 'problems',
  [LIST_CODES.immunisations]: 'immunisations',
  [LIST_CODES.investigations]: 'investigations',
  [LIST_CODES.uncategorised]: 'uncategorised',
  [LIST_CODES.consultations]: 'consultations',
  [LIST_CODES.referrals]: 'referrals',
  [LIST_CODES.diary]: 'diary',
};

/** Parameter names of $gpc.getstructuredrecord per area (for "has been disabled" warnings). */
export const AREA_PARAMETERS: Record<string, Area> = {
  includeAllergies: 'allergies',
  includeMedication: 'medications',
  includeProblems: 'problems',
  includeImmunisations: 'immunisations',
  includeInvestigations: 'investigations',
  includeUncategorisedData: 'uncategorised',
  includeConsultations: 'consultations',
  includeReferrals: 'referrals',
  includeDiaryEntries: 'diary',
};

export interface ListInfo {
  list: FhirResource;
  code?: string;
  area?: Area;
  emptyReason?: string;
  warnings: string[];
  notes: string[];
  /** `entry.item.display` texts of entries that have no reference (e.g. "… items have been disabled"). */
  displayOnly: string[];
}

export function listCode(list: FhirResource): string | undefined {
  for (const c of codings(codeableConcept(list.code))) {
    const code = str(c.code);
    if (code) return code;
  }
  return undefined;
}

export function describeList(list: FhirResource): ListInfo {
  const code = listCode(list);
  let area: Area | undefined = code ? AREA_BY_CODE[code] : undefined;
  if (!area && code?.startsWith('problems-')) area = 'problems';
  const empty = codeableConcept(list.emptyReason);
  const emptyReason = empty ? (codings(empty)[0]?.code ?? empty.text) : undefined;
  const warnings: string[] = [];
  for (const e of extensions(list, 'Extension-CareConnect-GPC-ListWarningCode-1')) {
    const v = str(e.valueCode);
    if (v) warnings.push(v);
  }
  const displayOnly: string[] = [];
  for (const entry of arr(list.entry)) {
    if (!isObj(entry) || !isObj(entry.item)) continue;
    if (!str(entry.item.reference)) {
      const d = str(entry.item.display);
      if (d) displayOnly.push(d);
    }
  }
  return { list, code, area, emptyReason, warnings, notes: notes(list), displayOnly };
}

/** The resources a List entry references, in order, skipping references that do not resolve (recorded). */
export function listItems(index: BundleIndex, list: FhirResource): FhirResource[] {
  const out: FhirResource[] = [];
  for (const entry of arr(list.entry)) {
    if (!isObj(entry) || !isObj(entry.item) || !str(entry.item.reference)) continue;
    const res = index.resolve(entry.item, list);
    if (res) out.push(res);
  }
  return out;
}

/** References of a List's entries that do not resolve in the bundle. */
export function listMissingRefs(index: BundleIndex, list: FhirResource): string[] {
  const out: string[] = [];
  for (const entry of arr(list.entry)) {
    if (!isObj(entry) || !isObj(entry.item)) continue;
    const ref = str(entry.item.reference);
    if (ref && !index.peek(entry.item) && !(ref.startsWith('#') && index.containedIn(list).some((c) => '#' + c.id === ref))) {
      out.push(ref);
    }
  }
  return out;
}
