import { DEMONSTRATOR_PATIENTS, GP_CONNECT_ERROR_TRIGGERS } from '../fixtures/sandbox-patients';
import { readJson } from '../sandbox-data.util';
import { GpConnectError, notImplementedWarning } from './gp-connect-errors';
import type { StructuredRequest } from './parameters.check';

type Resource = {
  resourceType: string;
  id?: string;
  code?: { coding?: Array<{ system?: string; code?: string; display?: string }> };
  identifier?: Array<{ system?: string; value?: string }>;
  [k: string]: unknown;
};
type Bundle = { resourceType: 'Bundle'; id?: string; meta?: unknown; type: string; entry: Array<{ resource: Resource }> };

/**
 * Which recorded bundle (apps/nhs-sandbox/data/gpconnect/structured-record-bundles) answers for which patient.
 * The four recorded patients get their own. Other demonstrator patients get the recorded bundle
 * closest to what the demonstrator holds for them, with the Patient resource's NHS number, name,
 * gender and birth date replaced by theirs:
 *  - full or allergy/medication records (HESLBY, CRANK, LOBB, DOULBY, BAILEY, PRING, HORN, LEARY, the
 *    two medication test patients) → SKELLY's 9690937286;
 *  - no clinical data (CAVE) → SAMUAL's 9690937278 (every list empty);
 *  - data-in-transit (BESTON) → the EMIS INT record 9692140466 (data-in-transit on every list);
 *  - confidential-items (BOURKE) → CRAINE's 9690938118.
 */
const RECORDED = ['9690937278', '9690937286', '9690938118', '9692140466'];
const MAPPED: Record<string, string> = {
  '9690937294': '9690937286',
  '9690937308': '9690937286',
  '9690937375': '9690937286',
  '9690937383': '9690937286',
  '9690937391': '9690937286',
  '9690937405': '9690937286',
  '9690938622': '9690937286',
  '9690938614': '9690937286',
  '9690937316': '9690937286',
  '9690937324': '9690937286',
  '9690938088': '9690937278',
  '9690938096': '9692140466',
  '9690938126': '9690938118',
};
/** Demonstrator behaviours: sensitive and deceased patients are not found; McCAIN has dissented. */
const REFUSED: Record<string, { code: string; diagnostics?: string }> = {
  '9690938533': { code: 'PATIENT_NOT_FOUND' },
  '9690938541': { code: 'PATIENT_NOT_FOUND' },
  '9690938681': { code: 'PATIENT_NOT_FOUND' },
  '9690938576': { code: 'NO_PATIENT_CONSENT' },
};

/** Primary List codes per area (SNOMED), and the secondary list code prefixes that travel with it. */
const AREA_LISTS: Record<string, { primary: string[]; title: string; secondaryPrefix?: string; extra?: string[] }> = {
  includeAllergies: { primary: ['886921000000105', '1103671000000101'], title: 'Allergies and adverse reactions' },
  includeMedication: { primary: ['933361000000108'], title: 'Medications and medical devices' },
  includeConsultations: {
    primary: ['1149501000000101'],
    title: 'List of consultations',
    secondaryPrefix: 'consultations-',
    extra: ['325851000000107', '25851000000105', '24781000000107'],
  },
  includeProblems: { primary: ['717711000000103'], title: 'Problems', secondaryPrefix: 'problems-' },
  includeImmunisations: { primary: ['1102181000000102'], title: 'Immunisations' },
  includeUncategorisedData: { primary: ['826501000000100'], title: 'Miscellaneous record' },
  includeInvestigations: { primary: ['887191000000108'], title: 'Investigations and results' },
  includeReferrals: { primary: ['792931000000107'], title: 'Outbound referral' },
  includeDiaryEntries: { primary: ['714311000000108'], title: 'Patient recall administration' },
};
/** Resources every structured record carries whatever was asked. */
const ALWAYS = new Set(['Patient', 'Organization', 'Practitioner', 'PractitionerRole', 'Location', 'Device', 'OperationOutcome']);

function listCode(l: Resource): string | undefined {
  return l.code?.coding?.[0]?.code;
}

function areaOfList(l: Resource): string | undefined {
  const code = listCode(l) ?? '';
  for (const [area, def] of Object.entries(AREA_LISTS)) {
    if (def.primary.includes(code) || def.extra?.includes(code) || (def.secondaryPrefix && code.startsWith(def.secondaryPrefix)))
      return area;
  }
  return undefined;
}

/** Every "Type/id" reference inside a value (contained fragments are resolved to their container). */
function collectRefs(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.add(v.split('#')[0]);
      else collectRefs(v, out);
    }
  }
}

export class StructuredRecordBuilder {
  private readonly bundles = new Map<string, Bundle>();

  constructor(
    private readonly dataDir: string,
    private readonly disabledAreas: ReadonlySet<string> = new Set(),
  ) {}

  private recorded(nhs: string): Bundle {
    let b = this.bundles.get(nhs);
    if (!b) {
      b = readJson<Bundle>(this.dataDir, 'gpconnect', 'structured-record-bundles', `${nhs}.json`);
      this.bundles.set(nhs, b);
    }
    return structuredClone(b);
  }

  /** The bundle for a validated request, or a GpConnectError for the demonstrator's refusals. */
  build(req: StructuredRequest, sspTraceId: string): Bundle {
    const nhs = req.nhsNumber;
    const trigger = GP_CONNECT_ERROR_TRIGGERS[nhs as keyof typeof GP_CONNECT_ERROR_TRIGGERS];
    if (trigger) throw new GpConnectError(trigger.code, 'Sandbox trigger patient');
    const refused = REFUSED[nhs];
    if (refused) throw new GpConnectError(refused.code, refused.diagnostics);
    const source = RECORDED.includes(nhs) ? nhs : MAPPED[nhs];
    if (!source) throw new GpConnectError('PATIENT_NOT_FOUND', 'No patient details found for the patient NHS number');
    const bundle = this.recorded(source);
    if (source !== nhs) this.rewritePatient(bundle, nhs);

    const warnings: Array<{ param: string; text: string }> = [];
    const wanted = new Set<string>();
    for (const area of req.areas) {
      if (this.disabledAreas.has(area)) warnings.push({ param: area, text: `${area} has been disabled` });
      else wanted.add(area);
    }
    for (const u of req.unrecognised) warnings.push({ param: u, text: `${u} is an unrecognised parameter` });

    const kept = bundle.entry.filter((e) => e.resource.resourceType !== 'List' || wanted.has(areaOfList(e.resource) ?? ''));
    // Keep the clinical resources reachable from what stays; drop the rest (items of areas not asked for).
    const byRef = new Map(kept.map((e) => [`${e.resource.resourceType}/${e.resource.id}`, e.resource]));
    const reachable = new Set<string>();
    const queue = kept.filter((e) => e.resource.resourceType === 'List' || ALWAYS.has(e.resource.resourceType)).map((e) => e.resource);
    for (const r of queue) reachable.add(`${r.resourceType}/${r.id}`);
    while (queue.length) {
      const refs = new Set<string>();
      collectRefs(queue.shift(), refs);
      for (const ref of refs) {
        const target = byRef.get(ref);
        if (target && !reachable.has(ref)) {
          reachable.add(ref);
          queue.push(target);
        }
      }
    }
    bundle.entry = kept.filter((e) => e.resource.resourceType === 'List' || reachable.has(`${e.resource.resourceType}/${e.resource.id}`));

    // A requested area always yields its primary List; the recorded bundles lack some areas.
    const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource;
    for (const area of wanted) {
      const def = AREA_LISTS[area];
      if (!bundle.entry.some((e) => e.resource.resourceType === 'List' && listCode(e.resource) === def.primary[0])) {
        bundle.entry.push({ resource: emptyList(area, def.primary[0], def.title, `Patient/${patient.id}`) });
      }
    }
    if (warnings.length) bundle.entry.push({ resource: notImplementedWarning(warnings, sspTraceId) });
    bundle.id = sspTraceId;
    return bundle;
  }

  private rewritePatient(bundle: Bundle, nhs: string): void {
    const f = DEMONSTRATOR_PATIENTS.find((p) => p.nhsNumber === nhs);
    const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient')?.resource;
    if (!f || !patient) return;
    for (const id of patient.identifier ?? []) if (id.system === 'https://fhir.nhs.uk/Id/nhs-number') id.value = nhs;
    patient.name = [{ use: 'official', family: f.family, given: f.given }];
    patient.gender = f.gender;
    patient.birthDate = f.birthDate;
    delete patient.telecom;
  }
}

function emptyList(area: string, code: string, title: string, subject: string): Resource {
  return {
    resourceType: 'List',
    id: `sandbox-${area}`,
    meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-List-1'] },
    extension: [
      {
        url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-ClinicalSetting-1',
        valueCodeableConcept: {
          coding: [{ system: 'http://snomed.info/sct', code: '1060971000000108', display: 'General practice service' }],
        },
      },
    ],
    status: 'current',
    mode: 'snapshot',
    title,
    code: { coding: [{ system: 'http://snomed.info/sct', code, display: title }] },
    subject: { reference: subject },
    date: new Date().toISOString(),
    orderedBy: { coding: [{ system: 'http://hl7.org/fhir/list-order', code: 'event-date', display: 'Sorted by Event Date' }] },
    note: [{ text: 'Information not available' }],
    emptyReason: {
      coding: [
        {
          system: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-ListEmptyReasonCode-1',
          code: 'no-content-recorded',
          display: 'No Content Recorded',
        },
      ],
    },
  };
}
