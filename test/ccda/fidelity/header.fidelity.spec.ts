import { convertBundleToCcd } from '@gw/ccda';
import { validateCcdaBatch, type CcdaValidation } from '../../support/ccda-validator';
import { OPTIONS, parseXml, patientOf, resources, section, type Json } from '../ccda-fixtures.util';
import { bundle, concept, gp, list, patient, practice } from '../synthetic-bundle.util';
import { allDocuments, count, nodes, str } from './clinical-reader.util';

/**
 * The document header and the always-present sections, read the way a receiving system reads them:
 * the patient's demographics from recordTarget, the parties' addresses, contact points and ids, the
 * registered GP from documentationOf, and Encounter locations by the Service Delivery Location
 * template (4.32). What the GP record states must read back as it is; what it does not state must
 * read as a nullFlavor and never as a value (no state, country, language or NPI a receiver could
 * import). US Realm Header (C-CDA R2.1) and US Realm Address (AD.US.FIELDED) rules.
 */

const NPI = '2.16.840.1.113883.4.6';
const HEADER_ADDRESSES =
  '/h:ClinicalDocument/h:recordTarget//h:addr | /h:ClinicalDocument/h:author//h:addr | ' +
  '/h:ClinicalDocument/h:custodian//h:addr | /h:ClinicalDocument/h:documentationOf//h:addr';
const ADDRESS_PARTS = ['streetAddressLine', 'city', 'county', 'state', 'postalCode', 'country'];
const TELECOM_USE: Record<string, string> = { home: 'HP', work: 'WP', mobile: 'MC' };

const docs = allDocuments();
const cases = docs.map((d) => [d.name, d] as const);

function fhirPatient(b: Json): Json {
  return patientOf(b)!;
}

/** Languages the record states (the NHSCommunication extension, then Patient.communication). */
function statedLanguages(p: Json): string[] {
  const out: string[] = [];
  for (const e of p.extension ?? []) {
    if (!String(e.url).endsWith('Extension-CareConnect-GPC-NHSCommunication-1')) continue;
    const lang = (e.extension ?? []).find((x: Json) => x.url === 'language');
    const code = lang?.valueCodeableConcept?.coding?.[0]?.code;
    if (code) out.push(code);
  }
  for (const c of p.communication ?? []) {
    const code = c.language?.coding?.[0]?.code;
    if (code && !out.includes(code)) out.push(code);
  }
  return out;
}

describe.each(cases)('header of %s', (_name, d) => {
  it('every header address names its use, state and country; an unknown part never reads as a value', () => {
    const faults: string[] = [];
    for (const a of nodes(d.doc, HEADER_ADDRESSES)) {
      const where = `${(a.parentNode as Element).localName}/addr`;
      if (!/^(HP|WP|TMP|BAD)$/.test(a.getAttribute('use') ?? '')) faults.push(`${where}: use ${a.getAttribute('use')}`);
      if (count(a, 'h:state') !== 1 || count(a, 'h:country') !== 1) faults.push(`${where}: state/country missing`);
      for (const part of ADDRESS_PARTS)
        for (const p of nodes(a, `h:${part}[@nullFlavor]`)) if (p.textContent !== '') faults.push(`${where}: null ${part} with text`);
      const country = str(a, 'h:country');
      // A US state applies to a US address only: elsewhere it is not applicable; with the country unknown, unknown.
      if (country && country !== 'US' && str(a, 'h:state/@nullFlavor') !== 'NA') faults.push(`${where}: state of a ${country} address`);
      if (!country && (str(a, 'h:country/@nullFlavor') !== 'UNK' || str(a, 'h:state/@nullFlavor') !== 'UNK'))
        faults.push(`${where}: country unknown but state/country not UNK`);
    }
    expect(faults).toEqual([]);
  });

  it("the patient's contact points keep their FHIR use; none recorded reads as an unknown home number, not as a value", () => {
    const p = fhirPatient(d.bundle);
    const tels = nodes(d.doc, '/h:ClinicalDocument/h:recordTarget/h:patientRole/h:telecom');
    const withValue = tels.filter((t) => t.getAttribute('value'));
    const faults: string[] = [];
    for (const t of withValue) {
      const digits = t.getAttribute('value')!.replace(/^(tel|fax|mailto):/, '');
      const cp = (p.telecom ?? []).find((c: Json) => String(c.value).replace(/[\s()-]/g, '') === digits || c.value === digits);
      const expected = cp ? TELECOM_USE[cp.use] : undefined;
      if ((t.getAttribute('use') ?? undefined) !== expected) faults.push(`${digits}: use ${t.getAttribute('use')} for ${cp?.use}`);
    }
    expect(faults).toEqual([]);
    if (withValue.length === 0) {
      expect(tels.map((t) => [t.getAttribute('nullFlavor'), t.getAttribute('use'), t.getAttribute('value')])).toEqual([
        ['UNK', 'HP', null],
      ]);
    }
  });

  it('NPI: the US Realm Header asks for one, NHS parties have none, so it is not applicable (NA), never a number', () => {
    const parties = nodes(
      d.doc,
      '/h:ClinicalDocument/h:recordTarget/h:patientRole/h:providerOrganization | ' +
        '/h:ClinicalDocument/h:custodian/h:assignedCustodian/h:representedCustodianOrganization | ' +
        '/h:ClinicalDocument/h:documentationOf/h:serviceEvent/h:performer/h:assignedEntity',
    );
    expect(parties.length).toBeGreaterThanOrEqual(2);
    for (const party of parties) {
      const ids = nodes(party, 'h:id');
      const npi = ids.filter((i) => i.getAttribute('root') === NPI);
      expect(npi.map((i) => [i.getAttribute('nullFlavor'), i.getAttribute('extension')])).toEqual([['NA', null]]);
      // The party's own id (ODS code, SDS user id or UNK) comes first and is kept.
      expect(ids[0].getAttribute('root')).not.toBe(NPI);
    }
  });

  it('marital status: the v3 code of Patient.maritalStatus, else unknown (UNK)', () => {
    const coded = fhirPatient(d.bundle).maritalStatus?.coding?.find((c: Json) => /MaritalStatus$/.test(String(c.system)));
    const m = nodes(d.doc, '//h:recordTarget/h:patientRole/h:patient/h:maritalStatusCode');
    expect(m).toHaveLength(1);
    if (coded) expect([m[0].getAttribute('code'), m[0].getAttribute('codeSystem')]).toEqual([coded.code, '2.16.840.1.113883.5.2']);
    else expect([m[0].getAttribute('nullFlavor'), m[0].getAttribute('code')]).toEqual(['UNK', null]);
  });

  it('languages: each stated language with proficiency and preference; none stated reads as an unknown language', () => {
    const stated = statedLanguages(fhirPatient(d.bundle));
    const comms = nodes(d.doc, '//h:recordTarget/h:patientRole/h:patient/h:languageCommunication');
    if (stated.length) expect(comms.map((c) => str(c, 'h:languageCode/@code'))).toEqual(stated);
    else expect(comms.map((c) => [str(c, 'h:languageCode/@nullFlavor'), str(c, 'h:languageCode/@code')])).toEqual([['UNK', '']]);
    for (const c of comms) {
      expect(count(c, 'h:proficiencyLevelCode[@code or @nullFlavor]')).toBe(1);
      expect(count(c, 'h:preferenceInd[@value or @nullFlavor]')).toBe(1);
    }
  });

  it("the registered GP's role: the SDS job role when the record codes one; NUCC 208D00000X General Practice only when the record states no role", () => {
    const entity = nodes(d.doc, '/h:ClinicalDocument/h:documentationOf/h:serviceEvent/h:performer/h:assignedEntity')[0];
    if (!entity) return;
    const p = fhirPatient(d.bundle);
    // generalPractitioner is 0..* (a JSON array); a lone object, as some published examples have, names no one.
    const refs: Json[] = Array.isArray(p.generalPractitioner) ? p.generalPractitioner : [];
    const gpRef = refs.map((r) => r.reference).find((r) => /Practitioner\//.test(String(r)));
    const gpId = gpRef?.split('/').pop();
    const role = resources(d.bundle).find((r) => r.resourceType === 'PractitionerRole' && r.practitioner?.reference?.endsWith('/' + gpId));
    const sds = role?.code?.flatMap((c: Json) => c.coding ?? []).find((c: Json) => /SDSJobRoleName/.test(String(c.system)));
    const code = [str(entity, 'h:code/@code'), str(entity, 'h:code/@codeSystem')];
    // A role the record states in another system or in words is not replaced by "General Practice".
    const statedRole = (role?.code ?? []).some((c: Json) => (c.coding ?? []).length > 0 || !!c.text);
    if (sds) expect(code).toEqual([sds.code, '1.2.826.0.1285.0.2.1.104']);
    else if (count(entity, 'h:assignedPerson') && !statedRole) expect(code).toEqual(['208D00000X', '2.16.840.1.113883.6.101']);
    else expect(str(entity, 'h:code/@nullFlavor')).toBe('UNK');
  });

  it('Procedures and Plan of Treatment are present, NI exactly when empty, and Procedures says where coded procedures are', () => {
    for (const loinc of ['47519-4', '18776-5']) {
      const s = section(d.doc, loinc);
      expect(s).toBeDefined();
      expect(s!.getAttribute('nullFlavor') === 'NI').toBe(count(s!, 'h:entry') === 0);
    }
    expect(str(section(d.doc, '47519-4')!, 'h:text')).toContain('GP Connect has no separate record of procedures');
  });
});

// ---- Synthetic records: what the shared bundles do not carry ------------------------------------

const location = {
  resourceType: 'Location',
  id: 'loc1',
  name: 'Branch Surgery',
  type: { text: 'Main Surgery' },
  address: { use: 'work', line: ['1 High Street'], city: 'Leeds', postalCode: 'LS1 1AA' },
  telecom: [{ system: 'phone', value: '0113 000 0000', use: 'work' }],
};
const performer = [
  {
    type: [{ coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-ParticipantType-1', code: 'PPRF' }] }],
    individual: { reference: 'Practitioner/gp1' },
  },
];
const encounter = (id: string, text: string, extra: Json = {}): Json => ({
  resourceType: 'Encounter',
  id,
  status: 'finished',
  type: [{ text }],
  subject: { reference: 'Patient/p1' },
  participant: performer,
  period: { start: '2024-05-10T09:00:00+01:00' },
  ...extra,
});
const appendicectomy = {
  resourceType: 'Observation',
  id: 'obs-proc',
  status: 'final',
  code: concept('80146002', 'Appendicectomy'),
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2010-06-01',
};
const rich = bundle(
  patient({
    maritalStatus: { coding: [{ system: 'http://hl7.org/fhir/v3/MaritalStatus', code: 'M', display: 'Married' }] },
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'fr', display: 'French' }] }, preferred: true }],
    address: [
      { use: 'home', line: ['3 BOWESFIELD CRESCENT'], city: 'STOCKTON-ON-TEES', postalCode: 'TS18 3BL' },
      { use: 'old', line: ['1 LANGHAM WALK'], city: 'STOCKTON-ON-TEES', postalCode: 'TS19 7NX' },
      { use: 'temp', line: ['10 Main Street'], city: 'Albany', state: 'NY', postalCode: '12207', country: 'USA' },
    ],
    telecom: [
      { system: 'phone', value: '01454 587554', use: 'home' },
      { system: 'phone', value: '07700 900123', use: 'temp' },
      { system: 'phone', value: '07700 900456', use: 'mobile' },
    ],
  }),
  practice,
  gp,
  location,
  encounter('enc1', 'Surgery Consultation', { location: [{ location: { reference: 'Location/loc1' } }] }),
  encounter('enc2', 'Telephone encounter'),
  appendicectomy,
  list('1149501000000101', 'Consultations', ['Encounter/enc1', 'Encounter/enc2']),
  list('826501000000100', 'Miscellaneous record', ['Observation/obs-proc']),
);
const unreachable = bundle(patient({ telecom: undefined }), practice, gp);

const synthetic = [
  { name: 'header-rich', xml: convertBundleToCcd(rich, OPTIONS).xml },
  { name: 'header-no-telecom', xml: convertBundleToCcd(unreachable, OPTIONS).xml },
];
const richDoc = parseXml(synthetic[0].xml);
const patientRole = '/h:ClinicalDocument/h:recordTarget/h:patientRole';

describe('header from a synthetic record with the demographics the shared bundles lack', () => {
  it('marital status M reads back as v3 MaritalStatus M; the standard Patient.communication language is read too', () => {
    expect(str(richDoc, `${patientRole}/h:patient/h:maritalStatusCode/@code`)).toBe('M');
    const comm = nodes(richDoc, `${patientRole}/h:patient/h:languageCommunication`);
    expect(comm.map((c) => [str(c, 'h:languageCode/@code'), str(c, 'h:preferenceInd/@value')])).toEqual([['fr', 'true']]);
    // Patient.communication states no proficiency: it is unknown, not assumed.
    expect(str(comm[0], 'h:proficiencyLevelCode/@nullFlavor')).toBe('UNK');
  });

  it('address uses: home HP, old BAD (the 2005 value set has no OLD), temp TMP; a US address keeps its state', () => {
    const addrs = nodes(richDoc, `${patientRole}/h:addr`);
    expect(addrs.map((a) => a.getAttribute('use'))).toEqual(['HP', 'BAD', 'TMP']);
    expect(addrs.map((a) => [str(a, 'h:state'), str(a, 'h:state/@nullFlavor'), str(a, 'h:country')])).toEqual([
      ['', 'NA', 'GB'],
      ['', 'NA', 'GB'],
      ['NY', '', 'US'],
    ]);
  });

  it('telecom uses: home HP, mobile MC; a temporary number has no code in Telecom Use and keeps no use', () => {
    const tels = nodes(richDoc, `${patientRole}/h:telecom`);
    expect(tels.map((t) => [t.getAttribute('value'), t.getAttribute('use')])).toEqual([
      ['tel:01454587554', 'HP'],
      ['tel:07700900123', null],
      ['tel:07700900456', 'MC'],
    ]);
  });

  it('an Encounter at a Location has a Service Delivery Location with its name, address and number; one without has none', () => {
    const enc = (id: string) =>
      nodes(
        richDoc,
        `//h:encounter[h:templateId[@root='2.16.840.1.113883.10.20.22.4.49']][h:id[contains(@extension,'Encounter/${id}')]]`,
      )[0];
    const loc = nodes(
      enc('enc1'),
      "h:participant[@typeCode='LOC']/h:participantRole[h:templateId/@root='2.16.840.1.113883.10.20.22.4.32']",
    );
    expect(loc).toHaveLength(1);
    const role = loc[0];
    expect(role.getAttribute('classCode')).toBe('SDLOC');
    // "Main Surgery" is no HealthcareServiceLocation code: another code system's concept, with the words.
    expect([str(role, 'h:code/@nullFlavor'), str(role, 'h:code/@code'), str(role, 'h:code/h:originalText')]).toEqual([
      'OTH',
      '',
      'Main Surgery',
    ]);
    expect([str(role, 'h:addr/h:streetAddressLine'), str(role, 'h:addr/h:city'), str(role, 'h:addr/@use')]).toEqual([
      '1 High Street',
      'Leeds',
      'WP',
    ]);
    expect([str(role, 'h:telecom/@value'), str(role, 'h:telecom/@use')]).toEqual(['tel:01130000000', 'WP']);
    expect([str(role, 'h:playingEntity/@classCode'), str(role, 'h:playingEntity/h:name')]).toEqual(['PLC', 'Branch Surgery']);
    expect(count(enc('enc2'), "h:participant[@typeCode='LOC']")).toBe(0);
  });

  it('a procedure coded at the practice (uncategorised data) is in Results, where the Procedures narrative says it is', () => {
    expect(count(section(richDoc, '30954-2')!, ".//*[@code='80146002']")).toBeGreaterThan(0);
    expect(count(section(richDoc, '47519-4')!, ".//*[@code='80146002']")).toBe(0);
    expect(str(section(richDoc, '47519-4')!, 'h:text')).toContain('This document lists the uncategorised data in the Results section.');
    expect(section(richDoc, '47519-4')!.getAttribute('nullFlavor')).toBe('NI');
  });

  describe('validated', () => {
    let results: CcdaValidation[] = [];
    beforeAll(async () => {
      results = await validateCcdaBatch(synthetic, { maxMessages: 500 });
    }, 120_000);

    it('0 XSD and 0 schematron errors, and none of the header warnings this mapping answers', () => {
      for (const r of results) {
        expect({ name: r.name, xsd: r.xsdErrors, sch: r.schematronErrors }).toEqual({ name: r.name, xsd: 0, sch: 0 });
        for (const rule of ['a-81-7290', 'a-81-7293', 'a-81-7295', 'a-1198-5303', 'a-1198-5375', 'a-1198-5406', 'a-1198-16820'])
          expect({ name: r.name, rule, found: r.raw.includes(rule + ' ') }).toEqual({ name: r.name, rule, found: false });
      }
      // Only the telephone consultation, which names no place, lacks a location.
      expect(results[0].raw.match(/a-1198-8738 /g) ?? []).toHaveLength(1);
    });
  });
});
