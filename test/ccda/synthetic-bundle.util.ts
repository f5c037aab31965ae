import type { Json } from './ccda-fixtures.util';

/** Builders for small synthetic GP Connect bundles used by the edge-case tests. */
export const SCT = 'http://snomed.info/sct';

export function patient(overrides: Json = {}): Json {
  return {
    resourceType: 'Patient',
    id: 'p1',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9690937286' }],
    name: [{ use: 'official', family: 'SKELLY', given: ['Horace'], prefix: ['MR'] }],
    gender: 'male',
    birthDate: '1925-04-21',
    address: [{ use: 'home', line: ['3 BOWESFIELD CRESCENT'], city: 'STOCKTON-ON-TEES', postalCode: 'TS18 3BL' }],
    telecom: [{ system: 'phone', value: '01454 587554', use: 'home' }],
    generalPractitioner: [{ reference: 'Practitioner/gp1' }],
    managingOrganization: { reference: 'Organization/org1' },
    ...overrides,
  };
}

export const practice: Json = {
  resourceType: 'Organization',
  id: 'org1',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'B82617' }],
  name: 'COXWOLD SURGERY',
  telecom: [{ system: 'phone', value: '12345678', use: 'work' }],
  address: [{ line: ['NHS Digital Test Data Manager', 'Whitehall 2'], city: 'Leeds', postalCode: 'LS1 4HR' }],
};

export const gp: Json = {
  resourceType: 'Practitioner',
  id: 'gp1',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-user-id', value: 'G13579135' }],
  name: [{ use: 'usual', family: 'Gilbert', given: ['Nichole'], prefix: ['Miss'] }],
};

export function list(code: string, title: string, items: string[], extra: Json = {}): Json {
  return {
    resourceType: 'List',
    status: 'current',
    mode: 'snapshot',
    title,
    code: { coding: [{ system: SCT, code, display: title }] },
    subject: { reference: 'Patient/p1' },
    entry: items.map((reference) => ({ item: { reference } })),
    ...extra,
  };
}

export function emptyList(code: string, title: string, emptyReason: string, note?: string, warnings: string[] = []): Json {
  return {
    ...list(code, title, []),
    entry: undefined,
    emptyReason: { coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-ListEmptyReasonCode-1', code: emptyReason }] },
    ...(note ? { note: [{ text: note }] } : {}),
    extension: warnings.map((w) => ({
      url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-ListWarningCode-1',
      valueCode: w,
    })),
  };
}

export function bundle(...res: Json[]): Json {
  return { resourceType: 'Bundle', type: 'collection', entry: res.map((resource) => ({ resource })) };
}

export function withDefaults(...res: Json[]): Json {
  return bundle(patient(), practice, gp, ...res);
}

export function concept(code: string | undefined, display: string, text?: string, system = SCT): Json {
  return { coding: code ? [{ system, code, display }] : [], ...(text ? { text } : {}) };
}
