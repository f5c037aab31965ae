import { CcdaInputError, convertBundleToCcd } from '@gw/ccda';
import { validateCcdaBatch, type CcdaValidation } from '../support/ccda-validator';
import { count, nodes, OPTIONS, parseXml, section, str, type Json } from './ccda-fixtures.util';
import { bundle, concept, emptyList, gp, list, patient, practice, withDefaults } from './synthetic-bundle.util';

/**
 * Edge cases from synthetic bundles: each is converted, checked for its specific mapping, and all of
 * them are validated together at the end (0 XSD and 0 schematron errors).
 */
const produced: { name: string; xml: string }[] = [];
function convert(name: string, b: Json) {
  const r = convertBundleToCcd(b, OPTIONS);
  produced.push({ name, xml: r.xml });
  return { ...r, doc: parseXml(r.xml) };
}

const ALG = '48765-2';
const MED = '10160-0';
const PRB = '11450-4';
const IMM = '11369-6';
const RES = '30954-2';
const CRIT = '2.16.840.1.113883.10.20.22.4.145';

describe('empty lists and their emptyReason', () => {
  it.each([
    ['no-content-recorded', 'No information recorded at the GP practice'],
    ['nilknown', 'nil known'],
    ['notasked', 'Not asked'],
    ['withheld', 'withheld'],
    ['unavailable', 'unavailable'],
    ['closed', 'closed'],
  ])('allergies list empty because %s → NI section saying so, with the list note verbatim', (reason, text) => {
    const { doc, report } = convert(
      `empty-${reason}`,
      withDefaults(emptyList('886921000000105', 'Allergies and adverse reactions', reason, 'Information not available')),
    );
    const s = section(doc, ALG)!;
    expect(s.getAttribute('nullFlavor')).toBe('NI');
    expect(count(s, 'h:entry')).toBe(0);
    expect(str(s, 'h:text')).toContain(text);
    expect(str(s, 'h:text')).toContain('Information not available');
    expect(report.sections.find((x) => x.code === ALG)!.nullFlavor).toBe('NI');
  });

  it('an empty bundle apart from the patient still yields the six required sections, each NI and "not requested"', () => {
    const { doc } = convert('patient-only', bundle(patient({ generalPractitioner: undefined, managingOrganization: undefined })));
    for (const code of [ALG, MED, PRB, RES, '29762-2', '8716-3']) {
      expect(section(doc, code)?.getAttribute('nullFlavor')).toBe('NI');
      expect(str(section(doc, code)!, 'h:text')).toContain('Not requested from the GP record');
    }
    expect(section(doc, IMM)).toBeUndefined();
  });

  it('data-awaiting-filing and confidential-items warnings are shown in the section', () => {
    const note = 'Items excluded due to confidentiality and/or patient preferences.\r\nSome data awaiting filing before 01-Jan-2026.';
    const { doc } = convert(
      'warnings',
      withDefaults(emptyList('717711000000103', 'Problems', 'no-content-recorded', note, ['confidential-items', 'data-awaiting-filing'])),
    );
    const text = str(section(doc, PRB)!, 'h:text');
    expect(text).toContain('Items excluded due to confidentiality');
    expect(text).toContain('awaiting filing');
    // CR LF in the note becomes a line break, not a lost line
    expect(nodes(section(doc, PRB)!, './/h:paragraph/h:br').length).toBeGreaterThan(0);
  });

  it('an area switched off at the practice (OperationOutcome "has been disabled") is said so', () => {
    const oo = {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'warning',
          code: 'not-supported',
          details: { coding: [{ code: 'NOT_IMPLEMENTED' }], text: 'includeProblems has been disabled' },
          diagnostics: 'includeProblems',
        },
      ],
    };
    const { doc } = convert('disabled', withDefaults(oo));
    expect(str(section(doc, PRB)!, 'h:text')).toContain('switched off at the GP practice');
    expect(section(doc, PRB)!.getAttribute('nullFlavor')).toBe('NI');
    // Procedures does not send the reader to a Problems section the practice switched off.
    expect(str(section(doc, '47519-4')!, 'h:text')).not.toContain('Problems section');
  });

  it('Procedures with an empty Problems list returned: a procedure recorded as a problem would be listed there, not "is listed"', () => {
    const { doc } = convert('problems-empty', withDefaults(emptyList('717711000000103', 'Problems', 'no-content-recorded')));
    const text = str(section(doc, '47519-4')!, 'h:text');
    expect(text).toContain('A procedure recorded as a problem would be listed in the Problems section.');
    expect(text).not.toContain('is listed in the Problems section');
  });
});

describe('header robustness', () => {
  it('no official name, no managing organization, partial birth date, no address or telecom', () => {
    const p = patient({
      name: [{ use: 'usual', family: 'Smith', given: ['Ann'] }],
      managingOrganization: undefined,
      generalPractitioner: undefined,
      birthDate: '1925',
      address: undefined,
      telecom: undefined,
    });
    const { doc } = convert('header-minimal', bundle(p));
    expect(str(doc, '//h:recordTarget//h:patient/h:name/h:family')).toBe('Smith');
    expect(str(doc, '//h:recordTarget//h:patient/h:birthTime/@value')).toBe('1925');
    // An unknown home address: every part UNK, none with a value; an unknown home number.
    const addr = nodes(doc, '//h:recordTarget/h:patientRole/h:addr');
    expect(addr.map((a) => a.getAttribute('use'))).toEqual(['HP']);
    expect(nodes(addr[0], 'h:*').map((e) => [e.localName, e.getAttribute('nullFlavor'), e.textContent])).toEqual(
      ['streetAddressLine', 'city', 'state', 'postalCode', 'country'].map((n) => [n, 'UNK', '']),
    );
    expect(str(doc, '//h:recordTarget/h:patientRole/h:telecom/@nullFlavor')).toBe('UNK');
    expect(str(doc, '//h:recordTarget/h:patientRole/h:telecom/@value')).toBe('');
    expect(count(doc, '//h:providerOrganization')).toBe(0);
    expect(str(doc, '//h:recordTarget/h:patientRole/h:id/@extension')).toBe('9690937286');
    expect(str(doc, '//h:recordTarget/h:patientRole/h:id/@root')).toBe('2.16.840.1.113883.2.1.4.1');
  });

  it("the operator's configured number is its work number; without one, the work number is unknown (UNK, WP)", () => {
    const org = '/h:ClinicalDocument/h:custodian/h:assignedCustodian/h:representedCustodianOrganization/h:telecom';
    const dev = '/h:ClinicalDocument/h:author/h:assignedAuthor/h:telecom';
    const withNumber = parseXml(convertBundleToCcd(withDefaults(), OPTIONS).xml);
    for (const x of [org, dev]) {
      expect(nodes(withNumber, x).map((t) => [t.getAttribute('use'), t.getAttribute('value'), t.getAttribute('nullFlavor')])).toEqual([
        ['WP', 'tel:+441132000000', null],
      ]);
    }
    const without = parseXml(
      convertBundleToCcd(withDefaults(), { ...OPTIONS, custodian: { ...OPTIONS.custodian, telecom: undefined } }).xml,
    );
    for (const x of [org, dev]) {
      expect(nodes(without, x).map((t) => [t.getAttribute('use'), t.getAttribute('value'), t.getAttribute('nullFlavor')])).toEqual([
        ['WP', null, 'UNK'],
      ]);
    }
  });

  it('names the intended recipient when the requester said who it is', () => {
    const b = withDefaults();
    const r = convertBundleToCcd(b, {
      ...OPTIONS,
      informationRecipient: {
        personName: 'Dr A & B Jones',
        organization: { name: 'Leeds General Infirmary', root: '2.16.840.1.113883.2.1.4.3', extension: 'RR801' },
      },
    });
    produced.push({ name: 'recipient', xml: r.xml });
    const doc = parseXml(r.xml);
    expect(str(doc, '/h:ClinicalDocument/h:informationRecipient/h:intendedRecipient/h:informationRecipient/h:name')).toBe('Dr A & B Jones');
    expect(str(doc, '/h:ClinicalDocument/h:informationRecipient/h:intendedRecipient/h:receivedOrganization/h:id/@extension')).toBe('RR801');
  });

  it('an address with more than four lines keeps them all (overflow joined into the fourth)', () => {
    const p = patient({
      address: [{ use: 'home', line: ['Flat 1', 'Block B', 'The Court', 'High Street', 'Old Town'], postalCode: 'LS1 1AA' }],
    });
    const { doc } = convert('long-address', bundle(p, practice, gp));
    const lines = nodes(doc, '//h:recordTarget/h:patientRole/h:addr/h:streetAddressLine').map((e) => e.textContent);
    expect(lines).toEqual(['Flat 1', 'Block B', 'The Court', 'High Street, Old Town']);
    expect(str(doc, '//h:recordTarget/h:patientRole/h:addr/h:city/@nullFlavor')).toBe('UNK');
  });

  it.each([
    ['fails the check digit', '9690937287'],
    ['is too short', '969093728'],
    ['has letters', '96909372AB'],
  ])('an NHS number that %s is a clear typed error', (_why, nhs) => {
    const b = bundle(patient({ identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }] }));
    expect(() => convertBundleToCcd(b, OPTIONS)).toThrow(CcdaInputError);
    try {
      convertBundleToCcd(b, OPTIONS);
    } catch (e) {
      expect((e as CcdaInputError).code).toBe('INVALID_NHS_NUMBER');
      expect((e as Error).message).not.toContain(nhs);
    }
  });

  it.each([
    ['a string', 'hello', 'NOT_AN_OBJECT'],
    ['an array', [], 'NOT_AN_OBJECT'],
    ['a Patient', { resourceType: 'Patient' }, 'NOT_A_BUNDLE'],
    ['a Bundle without a Patient', { resourceType: 'Bundle', entry: [{ resource: practice }] }, 'NO_PATIENT'],
  ])('input that is %s is refused with a typed error', (_what, input, code) => {
    let err: unknown;
    try {
      convertBundleToCcd(input, OPTIONS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CcdaInputError);
    expect((err as CcdaInputError).code).toBe(code);
  });
});

describe('allergies', () => {
  const nka = {
    resourceType: 'AllergyIntolerance',
    id: 'nka',
    clinicalStatus: 'active',
    verificationStatus: 'confirmed',
    code: concept('716186003', 'No known allergy', 'NKA - No known allergy'),
    patient: { reference: 'Patient/p1' },
    assertedDate: '2019-01-01',
  };
  const ended = {
    resourceType: 'AllergyIntolerance',
    id: 'ended1',
    clinicalStatus: 'resolved',
    verificationStatus: 'unconfirmed',
    category: ['medication'],
    type: 'intolerance',
    code: concept('319773006', 'Aspirin 75mg dispersible tablet'),
    extension: [
      {
        url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-AllergyIntoleranceEnd-1',
        extension: [
          { url: 'endDate', valueDateTime: '2018-03' },
          { url: 'reasonEnded', valueString: 'No recurrence' },
        ],
      },
    ],
    patient: { reference: 'Patient/p1' },
  };
  const food = {
    resourceType: 'AllergyIntolerance',
    id: 'food',
    clinicalStatus: 'active',
    category: ['food'],
    type: 'allergy',
    code: concept('256349002', 'Peanut - dietary', 'Peanut <allergy> & "nuts"'),
    patient: { reference: 'Patient/p1' },
    criticality: 'high',
    note: [{ text: 'Carries an adrenaline pen <b>always</b>' }],
  };

  const endedList = { ...list('1103671000000101', 'Ended allergies', ['#ended1']), id: 'endedList', contained: [ended] };
  const { doc, report } = convert(
    'allergies',
    withDefaults(
      list('886921000000105', 'Allergies and adverse reactions', ['AllergyIntolerance/nka', 'AllergyIntolerance/food']),
      endedList,
      nka,
      food,
    ),
  );
  const s = section(doc, ALG)!;

  it('no known allergy is a negated Allergy to substance with no substance code, never an allergy to "No known allergy"', () => {
    const obs = nodes(s, './/h:observation[h:templateId/@root="2.16.840.1.113883.10.20.22.4.7" and @negationInd="true"]');
    expect(obs).toHaveLength(1);
    expect(str(obs[0], 'h:value/@code')).toBe('419199007');
    expect(str(obs[0], './/h:playingEntity/h:code/@nullFlavor')).toBe('NA');
  });

  it('an ended allergy from the contained ended-allergies list is a completed concern with its end date at source precision', () => {
    const acts = nodes(s, 'h:entry/h:act[h:statusCode/@code="completed"]');
    expect(acts).toHaveLength(1);
    expect(str(acts[0], 'h:effectiveTime/h:high/@value')).toBe('201803');
    expect(str(acts[0], './/h:observation/h:value/@code')).toBe('59037007');
    expect(str(s, 'h:text')).toContain('No recurrence');
    expect(report.items.find((i) => i.ref === 'List/endedList#ended1')?.outcome).toBe('entry');
  });

  it('food allergy type and high criticality come from the resource; markup in free text is escaped text', () => {
    expect(count(s, './/h:observation/h:value[@code="414285001"]')).toBe(1);
    expect(count(s, './/h:value[@code="CRITH"]')).toBe(1);
    expect(str(s, 'h:text')).toContain('Peanut <allergy> & "nuts"');
    expect(str(s, 'h:text')).toContain('<b>always</b>');
    expect(count(s, './/h:b')).toBe(0);
  });

  it('a missing assertedDate and onset become nullFlavor UNK, never an invented date', () => {
    expect(str(s, 'h:entry[2]/h:act/h:effectiveTime/h:low/@nullFlavor')).toBe('UNK');
  });

  it('criticality: the record\'s where given, "no information" where not, none on a negated no-known-allergy', () => {
    const crit = (id: string) =>
      nodes(
        s,
        `.//h:observation[h:templateId/@root="2.16.840.1.113883.10.20.22.4.7" and h:id[contains(@extension, "${id}")]]/h:entryRelationship/h:observation[h:templateId/@root="${CRIT}"]`,
      );
    expect(str(crit('food')[0], 'h:value/@code')).toBe('CRITH');
    expect(crit('ended1')).toHaveLength(1);
    expect(str(crit('ended1')[0], 'h:value/@nullFlavor')).toBe('NI');
    expect(count(crit('ended1')[0], 'h:value/@code')).toBe(0);
    expect(crit('nka')).toHaveLength(0);
  });
});

describe('medications', () => {
  const med = { resourceType: 'Medication', id: 'm1', code: concept('9751511000001104', 'Sertraline 100mg tablets') };
  const statuses = ['active', 'completed', 'stopped', 'on-hold', 'intended'];
  const statements = statuses.map((status, i) => ({
    resourceType: 'MedicationStatement',
    id: `ms-${status}`,
    status,
    medicationReference: { reference: 'Medication/m1' },
    effectivePeriod: { start: `2024-0${i + 1}` },
    subject: { reference: 'Patient/p1' },
    dosage: [{ text: 'One at night', asNeededBoolean: status === 'active' }],
    basedOn: status === 'active' ? [{ reference: 'MedicationRequest/plan1' }] : undefined,
  }));
  const plan = {
    resourceType: 'MedicationRequest',
    id: 'plan1',
    intent: 'plan',
    status: 'active',
    medicationReference: { reference: 'Medication/m1' },
    extension: [
      {
        url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-MedicationRepeatInformation-1',
        extension: [
          { url: 'numberOfRepeatPrescriptionsAllowed', valuePositiveInt: 6 },
          { url: 'numberOfRepeatPrescriptionsIssued', valuePositiveInt: 2 },
        ],
      },
    ],
    dispenseRequest: { validityPeriod: { start: '2024-01-01' }, quantity: { value: 28, unit: 'tablet' } },
  };
  const issue = {
    resourceType: 'MedicationRequest',
    id: 'issue1',
    intent: 'order',
    status: 'completed',
    basedOn: [{ reference: 'MedicationRequest/plan1' }],
    medicationReference: { reference: 'Medication/m1' },
  };
  const bare = { resourceType: 'MedicationStatement', id: 'ms-bare', status: 'active', subject: { reference: 'Patient/p1' } };
  const ids = [...statements.map((s) => `MedicationStatement/${s.id}`), 'MedicationStatement/ms-bare'];
  const { doc, report } = convert(
    'medications',
    withDefaults(list('933361000000108', 'Medications and medical devices', ids), med, plan, issue, bare, ...statements),
  );
  const s = section(doc, MED)!;

  it.each([
    ['active', 'EVN', 'active'],
    ['completed', 'EVN', 'completed'],
    ['stopped', 'EVN', 'aborted'],
    ['on-hold', 'EVN', 'suspended'],
    ['intended', 'INT', 'active'],
  ])('status %s → moodCode %s, statusCode %s', (status, mood, code) => {
    const sa = nodes(s, `h:entry/h:substanceAdministration[h:id/@extension="MedicationStatement/ms-${status}"]`)[0];
    expect(sa.getAttribute('moodCode')).toBe(mood);
    expect(str(sa, 'h:statusCode/@code')).toBe(code);
    expect(str(sa, 'h:effectiveTime[1]/@xsi:type')).toBe('IVL_TS');
  });

  it('PRN is a precondition; the plan is a supply order with the number of issues allowed', () => {
    const sa = nodes(s, 'h:entry/h:substanceAdministration[h:id/@extension="MedicationStatement/ms-active"]')[0];
    expect(count(sa, 'h:precondition[@typeCode="PRCN"]/h:criterion')).toBe(1);
    expect(str(sa, './/h:supply/h:repeatNumber/@value')).toBe('6');
    expect(str(sa, './/h:supply/h:quantity/@value')).toBe('28');
    expect(count(sa, './/h:supply/h:quantity/@unit')).toBe(0);
    expect(str(s, 'h:text')).toContain('2 of 6');
  });

  it('a statement with no medication, dosage, timing or basedOn still has an entry and a row', () => {
    const sa = nodes(s, 'h:entry/h:substanceAdministration[h:id/@extension="MedicationStatement/ms-bare"]')[0];
    expect(sa).toBeDefined();
    expect(str(sa, 'h:doseQuantity/@nullFlavor')).toBe('UNK');
    expect(str(sa, './/h:manufacturedMaterial/h:code/@nullFlavor')).toBe('UNK');
    expect(str(sa, 'h:effectiveTime/h:low/@nullFlavor')).toBe('UNK');
  });

  it('counts the issue in its medication row rather than dropping it', () => {
    expect(report.items.find((i) => i.ref === 'MedicationRequest/issue1')).toMatchObject({ outcome: 'narrative' });
    expect(count(s, 'h:entry')).toBe(6);
  });
});

describe('medication dosage steps, routes and supply orders', () => {
  const med = { resourceType: 'Medication', id: 'm2', code: concept('41948311000001104', 'Doxycycline 100mg capsules') };
  const route = (code: string, display: string) => ({ coding: [{ system: 'http://snomed.info/sct', code, display }] });
  const statement = (id: string, dosage: Json[], basedOn?: string) => ({
    resourceType: 'MedicationStatement',
    id,
    status: 'completed',
    medicationReference: { reference: 'Medication/m2' },
    effectivePeriod: { start: '2026-02-23', end: '2026-03-23' },
    subject: { reference: 'Patient/p1' },
    dosage,
    basedOn: basedOn ? [{ reference: `MedicationRequest/${basedOn}` }] : undefined,
  });
  const stepped = statement(
    'ms-steps',
    [
      {
        sequence: 2,
        text: 'Then one to be taken each day',
        timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
        doseQuantity: { value: 1 },
      },
      {
        sequence: 1,
        text: 'Two to be taken on the first day',
        timing: { repeat: { boundsDuration: { value: 1, unit: 'day' }, frequency: 1, period: 1, periodUnit: 'd' } },
        doseQuantity: { value: 2 },
      },
    ],
    'plan-words',
  );
  const oral = statement(
    'ms-oral',
    [{ text: '100mg daily', route: route('26643006', 'Oral'), doseQuantity: { value: 100, unit: 'mg' } }],
    'plan-open',
  );
  const cutaneous = statement('ms-cutaneous', [{ text: 'Apply thinly', route: route('448598008', 'Cutaneous') }]);
  const plan = (id: string, status: string, dispenseRequest: Json) => ({
    resourceType: 'MedicationRequest',
    id,
    intent: 'plan',
    status,
    medicationReference: { reference: 'Medication/m2' },
    authoredOn: '2026-02-23',
    dispenseRequest,
  });
  const words = plan('plan-words', 'completed', {
    validityPeriod: { start: '2026-02-23' },
    quantity: {
      extension: [
        { url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-MedicationQuantityText-1', valueString: '5 pens' },
      ],
    },
  });
  const open = plan('plan-open', 'active', { validityPeriod: { start: '2026-02-23' }, quantity: { value: 28 } });
  const { doc } = convert(
    'medication-steps',
    withDefaults(
      list('933361000000108', 'Medications and medical devices', [
        'MedicationStatement/ms-steps',
        'MedicationStatement/ms-oral',
        'MedicationStatement/ms-cutaneous',
      ]),
      med,
      words,
      open,
      stepped,
      oral,
      cutaneous,
    ),
  );
  const s = section(doc, MED)!;
  const activity = (id: string) => nodes(s, `h:entry/h:substanceAdministration[h:id/@extension="MedicationStatement/${id}"]`)[0];

  it('a stepped regimen says every step in order in the sig and claims no single dose or frequency', () => {
    const sa = activity('ms-steps');
    expect(str(sa, './/h:substanceAdministration[h:templateId/@root="2.16.840.1.113883.10.20.22.4.147"]/h:text')).toContain(
      'Two to be taken on the first day; Then one to be taken each day',
    );
    expect(str(sa, 'h:doseQuantity/@nullFlavor')).toBe('NA');
    expect(count(sa, 'h:doseQuantity/@value')).toBe(0);
    expect(count(sa, 'h:effectiveTime[@operator="A"]')).toBe(0);
    expect(str(s, 'h:text')).toContain('Two to be taken on the first day; Then one to be taken each day');
  });

  it('a SNOMED route with an FDA equivalent is the FDA route with the SNOMED route as translation; a printed mass dose unit is kept', () => {
    const sa = activity('ms-oral');
    expect(str(sa, 'h:routeCode/@code')).toBe('C38288');
    expect(str(sa, 'h:routeCode/@codeSystem')).toBe('2.16.840.1.113883.3.26.1.1');
    expect(str(sa, 'h:routeCode/h:translation/@code')).toBe('26643006');
    expect(str(sa, 'h:doseQuantity/@value')).toBe('100');
    expect(str(sa, 'h:doseQuantity/@unit')).toBe('mg');
    expect(str(s, 'h:text')).toContain('Route: Oral');
  });

  it('a route with no FDA equivalent is nullFlavor OTH, keeping the SNOMED route as translation and the words as originalText', () => {
    const rc = nodes(activity('ms-cutaneous'), 'h:routeCode')[0];
    expect(rc.getAttribute('nullFlavor')).toBe('OTH');
    expect(rc.getAttribute('code')).toBeNull();
    expect(str(rc, 'h:translation/@code')).toBe('448598008');
    expect(str(rc, 'h:originalText/h:reference/@value')).toMatch(/^#med-\d+-route$/);
  });

  it('supply orders: a quantity in words is nullFlavor OTH; an ended plan with no end date has an unknown end; an open one none', () => {
    const supply = (id: string) => nodes(activity(id), './/h:supply')[0];
    expect(str(supply('ms-steps'), 'h:quantity/@nullFlavor')).toBe('OTH');
    expect(count(supply('ms-steps'), 'h:quantity/@value')).toBe(0);
    expect(str(supply('ms-steps'), 'h:effectiveTime/h:high/@nullFlavor')).toBe('UNK');
    expect(str(supply('ms-oral'), 'h:quantity/@value')).toBe('28');
    expect(count(supply('ms-oral'), 'h:effectiveTime/h:high')).toBe(0);
  });
});

describe("the registered GP's role in the care-team performer", () => {
  const roleOf = (code: Json | undefined): Json => ({
    resourceType: 'PractitionerRole',
    id: 'role1',
    practitioner: { reference: 'Practitioner/gp1' },
    organization: { reference: 'Organization/org1' },
    ...(code ? { code: [code] } : {}),
  });
  const performerCode = (...res: Json[]): Element => {
    const { doc } = convert('registered-gp-role', withDefaults(emptyList('886921000000105', 'Allergies', 'no-content-recorded'), ...res));
    return nodes(doc, '/h:ClinicalDocument/h:documentationOf/h:serviceEvent/h:performer/h:assignedEntity/h:code')[0];
  };

  it('an SDS job role is written as it is coded', () => {
    const c = performerCode(
      roleOf({
        coding: [
          {
            system: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1',
            code: 'R0260',
            display: 'General Medical Practitioner',
          },
        ],
      }),
    );
    expect([c.getAttribute('code'), c.getAttribute('codeSystem')]).toEqual(['R0260', '1.2.826.0.1285.0.2.1.104']);
  });

  it('a role coded in another system is an unknown role (UNK), not NUCC General Practice', () => {
    const c = performerCode(roleOf({ coding: [{ system: 'http://example.org/local-roles', code: 'NURSE', display: 'Practice nurse' }] }));
    expect(c.getAttribute('nullFlavor')).toBe('UNK');
    expect(c.getAttribute('code')).toBeNull();
  });

  it('a registered GP with no role in the record is a general practitioner (NUCC 208D00000X), with or without an uncoded PractitionerRole', () => {
    for (const c of [performerCode(), performerCode(roleOf(undefined))])
      expect([c.getAttribute('code'), c.getAttribute('codeSystem')]).toEqual(['208D00000X', '2.16.840.1.113883.6.101']);
  });
});

describe('printed dose units', () => {
  const med = { resourceType: 'Medication', id: 'm3', code: concept('39211611000001104', 'Insulin injection') };
  const statement = (id: string, text: string, doseQuantity: Json) => ({
    resourceType: 'MedicationStatement',
    id,
    status: 'active',
    medicationReference: { reference: 'Medication/m3' },
    effectivePeriod: { start: '2026-02-23' },
    subject: { reference: 'Patient/p1' },
    dosage: [{ text, doseQuantity }],
  });
  const doses = [
    statement('ms-u', '10 units at night', { value: 10, unit: 'u' }),
    statement('ms-U', '10 units at night', { value: 10, unit: 'U' }),
    statement('ms-mg', '5 mg daily', { value: 5, unit: 'mg' }),
    statement('ms-ml', '2 ml twice a day', { value: 2, unit: 'ml' }),
    statement('ms-mcg', '100 mcg daily', { value: 100, unit: 'mcg' }),
  ];
  const { doc } = convert(
    'printed-dose-units',
    withDefaults(
      list(
        '933361000000108',
        'Medications and medical devices',
        doses.map((d) => 'MedicationStatement/' + d.id),
      ),
      med,
      ...doses,
    ),
  );
  const s = section(doc, MED)!;
  const dose = (id: string) => nodes(s, `h:entry/h:substanceAdministration[h:id/@extension="MedicationStatement/${id}"]/h:doseQuantity`)[0];
  const sig = (id: string) =>
    str(
      s,
      `h:entry/h:substanceAdministration[h:id/@extension="MedicationStatement/${id}"]//h:substanceAdministration[h:templateId/@root="2.16.840.1.113883.10.20.22.4.147"]/h:text`,
    );

  it.each(['ms-u', 'ms-U'])(
    'a printed "u"/"U" (insulin units; UCUM would read dalton / enzyme unit) is no UCUM dose: UNK, words in the sig (%s)',
    (id) => {
      expect(dose(id).getAttribute('nullFlavor')).toBe('UNK');
      expect(dose(id).getAttribute('value')).toBeNull();
      expect(dose(id).getAttribute('unit')).toBeNull();
      expect(sig(id)).toContain('10 units at night');
    },
  );

  it.each([
    ['ms-mg', '5', 'mg'],
    ['ms-ml', '2', 'mL'],
    ['ms-mcg', '100', 'ug'],
  ])('a printed mass or volume unit is the UCUM dose unit (%s: %s %s)', (id, value, unit) => {
    expect(dose(id).getAttribute('nullFlavor')).toBeNull();
    expect(dose(id).getAttribute('value')).toBe(value);
    expect(dose(id).getAttribute('unit')).toBe(unit);
  });
});

describe('immunisation recorder and administrator', () => {
  const nurse = {
    resourceType: 'Practitioner',
    id: 'nurse',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-user-id', value: 'N0001' }],
    name: [{ family: 'Jones', given: ['Ann'] }],
  };
  const clerk = {
    resourceType: 'Practitioner',
    id: 'clerk',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/sds-user-id', value: 'C0001' }],
    name: [{ family: 'Smith', given: ['Bob'] }],
  };
  const role = (code: string) => ({ coding: [{ system: 'http://hl7.org/fhir/v2/0443', code }] });
  const imm = (id: string, practitioner: Json[]) => ({
    resourceType: 'Immunization',
    id,
    status: 'completed',
    notGiven: false,
    vaccineCode: concept('871751006', 'Hepatitis A vaccine'),
    date: '2020-05-01',
    extension: [
      {
        url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-DateRecorded-1',
        valueDateTime: '2020-05-02T09:00:00+01:00',
      },
    ],
    practitioner,
    note: [{ text: 'Left arm' }],
    patient: { reference: 'Patient/p1' },
  });
  const both = imm('imm-both', [
    { role: role('EP'), actor: { reference: 'Practitioner/clerk' } },
    { role: role('AP'), actor: { reference: 'Practitioner/nurse' } },
  ]);
  const unclear = imm('imm-unclear', [{ actor: { reference: 'Practitioner/clerk' } }, { actor: { reference: 'Practitioner/nurse' } }]);
  // The Entering Provider is listed but not in the bundle: the Administering Provider is not the only one listed.
  const recorderAbsent = imm('imm-ep-absent', [
    { role: role('EP'), actor: { reference: 'Practitioner/not-in-bundle' } },
    { role: role('AP'), actor: { reference: 'Practitioner/nurse' } },
  ]);
  const ids = ['imm-both', 'imm-unclear', 'imm-ep-absent'];
  const { doc } = convert(
    'immunisation-people',
    withDefaults(
      list(
        '1102181000000102',
        'Immunisations',
        ids.map((i) => 'Immunization/' + i),
      ),
      nurse,
      clerk,
      both,
      unclear,
      recorderAbsent,
    ),
  );
  const activity = (id: string) => nodes(section(doc, IMM)!, `h:entry/h:substanceAdministration[h:id/@extension="Immunization/${id}"]`)[0];

  it("the Entering Provider is the author (and the note's) at the recorded date; the Administering Provider the performer", () => {
    const sa = activity('imm-both');
    expect(str(sa, 'h:author/h:assignedAuthor/h:id/@extension')).toBe('C0001');
    expect(str(sa, 'h:author/h:time/@value')).toBe('20200502090000+0100');
    expect(str(sa, 'h:performer/h:assignedEntity/h:id/@extension')).toBe('N0001');
    expect(
      str(sa, 'h:entryRelationship/h:act[h:templateId/@root="2.16.840.1.113883.10.20.22.4.64"]/h:author/h:assignedAuthor/h:id/@extension'),
    ).toBe('C0001');
  });

  it('with several practitioners and no roles, no one is claimed as the recorder or as the one who gave it', () => {
    const sa = activity('imm-unclear');
    expect(count(sa, 'h:author')).toBe(0);
    expect(count(sa, './/h:author')).toBe(0);
    expect(count(sa, 'h:performer')).toBe(0);
  });

  it('an Entering Provider missing from the bundle leaves no author; the Administering Provider is only the performer', () => {
    const sa = activity('imm-ep-absent');
    expect(count(sa, './/h:author')).toBe(0);
    expect(str(sa, 'h:performer/h:assignedEntity/h:id/@extension')).toBe('N0001');
  });
});

describe('immunisations, results, unmapped codes and unknown resources', () => {
  const refused = {
    resourceType: 'Immunization',
    id: 'imm-no',
    status: 'completed',
    notGiven: true,
    vaccineCode: concept('871751006', 'Hepatitis A vaccine'),
    date: '2020-05',
    explanation: { reasonNotGiven: [concept('213257006', 'Patient refused', 'Immunisation refused by patient')] },
    patient: { reference: 'Patient/p1' },
  };
  const bp = {
    resourceType: 'Observation',
    id: 'bp1',
    status: 'final',
    code: concept('75367002', 'Blood pressure'),
    effectiveDateTime: '2024-03-27T21:43:04.878Z',
    component: [
      {
        code: concept('72313002', 'Systolic arterial pressure'),
        valueQuantity: { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      },
      {
        code: concept('1091811000000102', 'Diastolic arterial pressure'),
        valueQuantity: { value: 80, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      },
    ],
  };
  const lessThan = {
    resourceType: 'Observation',
    id: 'crp',
    status: 'final',
    code: concept('1001371000000100', 'Serum C reactive protein level'),
    effectiveDateTime: '2024-03-01',
    valueQuantity: { value: 5, comparator: '<', unit: 'mg/L', system: 'http://unitsofmeasure.org', code: 'mg/L' },
  };
  const emisOnly = {
    resourceType: 'Observation',
    id: 'emis',
    status: 'final',
    code: {
      coding: [{ system: 'https://fhir.hl7.org.uk/Id/emis-drug-codes', code: 'ABC1', display: 'Local finding' }],
      text: 'Local finding — café',
    },
    effectiveDateTime: '2024-02',
  };
  const smoker = {
    resourceType: 'Observation',
    id: 'smk',
    status: 'final',
    code: concept('8517006', 'Ex-smoker'),
    effectiveDateTime: '2023-11-02',
  };
  const flag = { resourceType: 'Flag', id: 'f1', status: 'active', code: { text: 'Violent patient marker' } };
  const { doc, report } = convert(
    'mixed',
    withDefaults(
      list('1102181000000102', 'Immunisations', ['Immunization/imm-no']),
      list('826501000000100', 'Miscellaneous record', ['Observation/bp1', 'Observation/crp', 'Observation/emis', 'Observation/smk']),
      refused,
      bp,
      lessThan,
      emisOnly,
      smoker,
      flag,
    ),
  );

  it('a vaccine not given is negated, with patient objection as the refusal reason', () => {
    const sa = nodes(section(doc, IMM)!, 'h:entry/h:substanceAdministration')[0];
    expect(sa.getAttribute('negationInd')).toBe('true');
    expect(str(sa, 'h:effectiveTime/@value')).toBe('202005');
    expect(str(sa, './/h:observation[h:templateId/@root="2.16.840.1.113883.10.20.22.4.53"]/h:code/@code')).toBe('PATOBJ');
  });

  it('a blood-pressure panel yields systolic and diastolic vital signs, keeping the time to the millisecond', () => {
    const v = section(doc, '8716-3')!;
    expect(count(v, './/h:observation[h:code/@code="8480-6"]/h:value[@value="120" and @unit="mm[Hg]"]')).toBe(1);
    expect(count(v, './/h:observation[h:code/@code="8462-4"]')).toBe(1);
    expect(str(v, './/h:organizer/h:effectiveTime/@value')).toBe('20240327214304.878+0000');
  });

  it('a "<" result is an IVL_PQ with an exclusive high bound', () => {
    const high = nodes(section(doc, RES)!, './/h:observation[h:id/@extension="Observation/crp"]/h:value/h:high')[0];
    expect(high.getAttribute('value')).toBe('5');
    expect(high.getAttribute('inclusive')).toBe('false');
  });

  it('a code from a system with no known OID becomes nullFlavor with originalText, keeping the GP term in narrative', () => {
    const res = section(doc, RES)!;
    const obs = nodes(res, './/h:observation[h:id/@extension="Observation/emis"]')[0];
    expect(str(obs, 'h:value/@nullFlavor')).toBe('OTH');
    expect(count(obs, 'h:value/@codeSystem')).toBe(0);
    expect(str(res, 'h:text')).toContain('Local finding — café');
  });

  it('an ex-smoker finding is a smoking status observation', () => {
    expect(str(section(doc, '29762-2')!, './/h:observation/h:value/@code')).toBe('8517006');
  });

  it('a resource type no section maps (Flag) is still shown and counted as narrative-only', () => {
    expect(report.items.find((i) => i.ref === 'Flag/f1')).toMatchObject({ outcome: 'narrative', section: RES });
    expect(str(section(doc, RES)!, 'h:text')).toContain('Violent patient marker');
  });
});

describe('free text', () => {
  it('unicode, XML markup, control characters and line breaks survive as escaped narrative text', () => {
    const c = {
      resourceType: 'Condition',
      id: 'c1',
      clinicalStatus: 'active',
      code: concept('38341003', 'Hypertensive disorder', 'Hypertension ✓ «zoë» 💊'),
      onsetDateTime: '1963-07',
      note: [{ text: 'Line one\r\nLine two <script>alert(1)</script> & more\u0007bell' }],
      subject: { reference: 'Patient/p1' },
    };
    const { doc, xml } = convert('free-text', withDefaults(list('717711000000103', 'Problems', ['Condition/c1']), c));
    const s = section(doc, PRB)!;
    expect(str(s, 'h:text')).toContain('Hypertension ✓ «zoë» 💊');
    expect(str(s, 'h:text')).toContain('<script>alert(1)</script> & more');
    expect(count(s, './/h:script')).toBe(0);
    expect(xml).not.toContain('\u0007');
    expect(str(s, './/h:observation/h:effectiveTime/h:low/@value')).toBe('196307');
    expect(nodes(s, './/h:td/h:content/h:br').length + nodes(s, './/h:td/h:br').length).toBeGreaterThan(0);
  });
});

describe('all synthetic edge-case documents', () => {
  let results: CcdaValidation[] = [];
  beforeAll(async () => {
    results = await validateCcdaBatch(produced);
  }, 180_000);

  it('pass validate-ccda.sh with 0 XSD and 0 schematron errors', () => {
    expect(results.length).toBe(produced.length);
    expect(results.length).toBeGreaterThanOrEqual(12);
    for (const r of results) {
      expect({ name: r.name, xsd: r.xsdErrors, sch: r.schematronErrors, raw: r.xsdErrors + r.schematronErrors ? r.raw : '' }).toEqual({
        name: r.name,
        xsd: 0,
        sch: 0,
        raw: '',
      });
    }
  });
});
