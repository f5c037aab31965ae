import type { Patient } from 'fhir/r4';
import { PdsClient, type PdsReadOutcome, type PdsSearchOutcome, type PdsSearchQuery } from '@gw/pds';

/** In-memory PdsClient for component tests: records keyed by NHS number, plus scripted failures. */
export class FakePdsClient extends PdsClient {
  readonly reads: string[] = [];
  readonly searches: PdsSearchQuery[] = [];
  failNext?: PdsReadOutcome & PdsSearchOutcome;

  constructor(private readonly records: Map<string, PdsReadOutcome>) {
    super();
  }

  async read(nhsNumber: string): Promise<PdsReadOutcome> {
    this.reads.push(nhsNumber);
    if (this.failNext) {
      const f = this.failNext;
      this.failNext = undefined;
      return f;
    }
    return this.records.get(nhsNumber) ?? { kind: 'not-found' };
  }

  async search(query: PdsSearchQuery): Promise<PdsSearchOutcome> {
    this.searches.push(query);
    if (this.failNext) {
      const f = this.failNext;
      this.failNext = undefined;
      return f;
    }
    const hits: Patient[] = [];
    let restricted = false;
    for (const [nhs, r] of this.records) {
      const p = r.kind === 'found' ? r.patient : undefined;
      const fam = r.kind === 'restricted' ? (this.restrictedFamily.get(nhs) ?? '') : (p?.name?.[0]?.family ?? '');
      if (fam.toLowerCase() !== (query.family ?? '').toLowerCase()) continue;
      if (r.kind === 'restricted') {
        restricted = true;
        continue;
      }
      if (p && query.birthdate && `eq${p.birthDate}` !== query.birthdate) continue;
      if (p && query.postcode && !(p.address ?? []).some((a) => a.postalCode === query.postcode)) continue;
      if (p)
        hits.push({
          resourceType: 'Patient',
          id: nhs,
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }],
          name: p.name,
          birthDate: p.birthDate,
          gender: p.gender,
        });
    }
    if (restricted) return { kind: 'restricted' };
    if (hits.length > 1) return { kind: 'too-many' };
    return hits.length ? { kind: 'matches', patients: hits } : { kind: 'none' };
  }

  readonly restrictedFamily = new Map<string, string>();
}

export function pdsPatient(
  nhs: string,
  family: string,
  given: string[],
  gender: Patient['gender'],
  birthDate: string,
  extra: Partial<Patient> = {},
): Patient {
  return {
    resourceType: 'Patient',
    id: nhs,
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }],
    meta: {
      versionId: '1',
      security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'U', display: 'unrestricted' }],
    },
    name: [{ use: 'usual', family, given, prefix: ['Mr'] }],
    gender,
    birthDate,
    address: [{ use: 'home', line: ['1 Trevelyan Square', 'Boar Lane'], city: 'Leeds', postalCode: 'LS1 6AE' }],
    telecom: [{ system: 'phone', value: '01632960587', use: 'home' }],
    generalPractitioner: [
      { type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'B82617' } },
    ],
    ...extra,
  };
}
