/* eslint-disable security/detect-non-literal-fs-filename -- reads the sandbox's own data folder */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Patient } from 'fhir/r4';
import { DEMONSTRATOR_PATIENTS, SANDBOX_PATIENTS, type SandboxPatientFixture } from '../fixtures/sandbox-patients';
import { readJson } from '../sandbox-data.util';

const STUBS = ['pds', 'karate-tests', 'src', 'test', 'java', 'mocks', 'stubs'];
const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
const SECURITY_DISPLAY: Record<string, string> = { U: 'unrestricted', R: 'restricted', V: 'very restricted' };

/** The records the sandbox's PDS serves: read by NHS number, searched by demographics. */
export interface PdsRecords {
  byNhsNumber: Map<string, Patient>;
  /** Superseded number → the retained record's number. */
  superseded: Map<string, string>;
  invalidated: Set<string>;
}

export type SecurityCode = 'U' | 'R' | 'V';

/** Records as loaded, before any run-time security change, so a patient can be made unrestricted again. */
const originals = new WeakMap<PdsRecords, Map<string, Patient>>();

/**
 * Changes a patient's confidentiality at run time, as PDS does when a patient becomes restricted:
 * an R/V record loses address, telecom and GP. 'U' restores the record as loaded (or just relabels
 * one loaded restricted). False when the sandbox has no such patient.
 */
export function setRecordSecurity(records: PdsRecords, nhsNumber: string, code: SecurityCode): boolean {
  const current = records.byNhsNumber.get(nhsNumber);
  if (!current) return false;
  let saved = originals.get(records);
  if (!saved) originals.set(records, (saved = new Map()));
  if (!saved.has(nhsNumber)) saved.set(nhsNumber, structuredClone(current));
  const base = structuredClone(saved.get(nhsNumber)!);
  base.meta = { ...base.meta, security: [{ code, display: SECURITY_DISPLAY[code], system: CONFIDENTIALITY }] };
  if (code !== 'U') {
    delete base.address;
    delete base.telecom;
    delete base.generalPractitioner;
  }
  records.byNhsNumber.set(nhsNumber, base);
  return true;
}

/** A PDS-shaped record built from a fixture's demographics (the shape of the captured INT reads). */
function recordFrom(f: SandboxPatientFixture, security: 'U' | 'R' | 'V', extra: Partial<Patient> = {}): Patient {
  const p: Patient = {
    resourceType: 'Patient',
    id: f.nhsNumber,
    identifier: [
      {
        extension: [
          {
            url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
            valueCodeableConcept: {
              coding: [
                {
                  code: '01',
                  display: 'Number present and verified',
                  system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus',
                  version: '1.0.0',
                },
              ],
            },
          },
        ],
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        value: f.nhsNumber,
      },
    ],
    meta: { versionId: '1', security: [{ code: security, display: SECURITY_DISPLAY[security], system: CONFIDENTIALITY }] },
    name: [{ id: 'n1', use: 'usual', family: f.family, given: f.given, period: { start: '2000-01-01' } }],
    gender: f.gender,
    birthDate: f.birthDate,
    ...extra,
  };
  // A restricted record never carries address, telecom or GP (PDS removes them).
  if (security === 'U') {
    if (f.postcode)
      p.address = [{ id: 'a1', use: 'home', line: ['1 SANDBOX STREET'], postalCode: f.postcode, period: { start: '2000-01-01' } }];
    if (f.gpOdsCode)
      p.generalPractitioner = [
        {
          id: 'g1',
          type: 'Organization',
          identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: f.gpOdsCode, period: { start: '2020-01-01' } },
        },
      ];
  }
  return p;
}

function withPractice(p: Patient, ods: string): Patient {
  const copy = structuredClone(p);
  copy.generalPractitioner = [
    {
      id: copy.generalPractitioner?.[0]?.id ?? 'g1',
      type: 'Organization',
      identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: ods, period: { start: '2024-10-10' } },
    },
  ];
  return copy;
}

export function loadPdsRecords(dataDir: string): PdsRecords {
  const byNhsNumber = new Map<string, Patient>();
  const stubDir = join(dataDir, ...STUBS, 'patientResponses');
  for (const file of readdirSync(stubDir).filter((f) => /^patient_\d{10}\.json$/.test(f))) {
    const p = readJson<Patient>(stubDir, file);
    byNhsNumber.set(p.id!, p);
  }
  byNhsNumber.set('9000000017', readJson<Patient>(dataDir, ...STUBS, 'searchResponses', 'search_patient_9000000017.json'));

  for (const f of DEMONSTRATOR_PATIENTS) byNhsNumber.set(f.nhsNumber, recordFrom(f, 'U'));
  // The two captured INT reads, with the demonstrator practice as GP (INT names E82665 for one of them).
  for (const nhs of ['9690937278', '9690937286']) {
    byNhsNumber.set(nhs, withPractice(readJson<Patient>(dataDir, 'pds', 'live-int-responses', `${nhs}.json`), 'B82617'));
  }
  for (const f of SANDBOX_PATIENTS.restricted) if (!byNhsNumber.has(f.nhsNumber)) byNhsNumber.set(f.nhsNumber, recordFrom(f, 'R'));
  for (const f of SANDBOX_PATIENTS.veryRestricted) byNhsNumber.set(f.nhsNumber, recordFrom(f, 'V'));
  const rooney = SANDBOX_PATIENTS.deceased.find((d) => d.nhsNumber === '9690938681')!;
  byNhsNumber.set(
    rooney.nhsNumber,
    recordFrom(rooney, 'U', {
      deceasedDateTime: '1993-02-17T00:00:00+00:00',
      extension: [
        {
          url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeathNotificationStatus',
          extension: [
            {
              url: 'deathNotificationStatus',
              valueCodeableConcept: {
                coding: [
                  {
                    code: '2',
                    display: 'Formal - death notice received from Registrar of Deaths',
                    system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DeathNotificationStatus',
                    version: '1.0.0',
                  },
                ],
              },
            },
            { url: 'systemEffectiveDate', valueDateTime: '1993-02-17T00:00:00+00:00' },
          ],
        },
      ],
    }),
  );

  // The retained record of the NHS sandbox's superseded CUFF search (5900053636 → 9732019395).
  const superseded = new Map<string, string>();
  const cuff = readJson<Bundle<Patient>>(dataDir, ...STUBS, 'searchResponses', 'cuff_superseded_searchset.json');
  for (const s of SANDBOX_PATIENTS.superseded) {
    const retained = cuff.entry?.map((e) => e.resource).find((r) => r?.id === s.newNhsNumber);
    if (retained) {
      byNhsNumber.set(s.newNhsNumber, retained);
      superseded.set(s.nhsNumber, s.newNhsNumber);
    }
  }
  return { byNhsNumber, superseded, invalidated: new Set(SANDBOX_PATIENTS.invalidated) };
}
