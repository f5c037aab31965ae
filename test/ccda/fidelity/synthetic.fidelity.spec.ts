import { convertBundleToCcd } from '@gw/ccda';
import { validateCcda } from '../../support/ccda-validator';
import { OPTIONS, parseXml } from '../ccda-fixtures.util';
import { concept, list, withDefaults } from '../synthetic-bundle.util';
import { nodes, str, T, tpl, words } from './clinical-reader.util';

/**
 * Cases no recorded bundle has: a refuted allergy, a dose at bedtime (EIVL), an infusion rate, an
 * instruction with no dosage text, a coded encounter type. Read back by template, and validated.
 */

const refuted = {
  resourceType: 'AllergyIntolerance',
  id: 'refuted1',
  clinicalStatus: 'active',
  verificationStatus: 'refuted',
  category: ['medication'],
  type: 'allergy',
  code: concept('372687004', 'Amoxicillin'),
  patient: { reference: 'Patient/p1' },
  assertedDate: '2020-02-03',
};
const medication = { resourceType: 'Medication', id: 'm1', code: concept('39732311000001104', 'Amitriptyline 10mg tablets') };
const atNight = {
  resourceType: 'MedicationStatement',
  id: 'ms1',
  status: 'active',
  medicationReference: { reference: 'Medication/m1' },
  effectivePeriod: { start: '2024-01-02' },
  subject: { reference: 'Patient/p1' },
  dosage: [
    {
      text: 'One at night',
      timing: { repeat: { when: ['HS'] } },
      doseQuantity: { value: 1, unit: 'tablet', system: 'http://snomed.info/sct', code: '428673006' },
      rateQuantity: { value: 5, unit: 'mL/h', system: 'http://unitsofmeasure.org', code: 'mL/h' },
    },
  ],
};
const instructionOnly = {
  resourceType: 'MedicationStatement',
  id: 'ms2',
  status: 'active',
  medicationReference: { reference: 'Medication/m1' },
  effectivePeriod: { start: '2024-01-02' },
  subject: { reference: 'Patient/p1' },
  dosage: [{ patientInstruction: 'Stop if drowsy' }],
};
const encounter = {
  resourceType: 'Encounter',
  id: 'e1',
  status: 'finished',
  type: [concept('185317003', 'Telephone encounter')],
  period: { start: '2024-01-02T09:00:00+00:00' },
  subject: { reference: 'Patient/p1' },
};

const xml = convertBundleToCcd(
  withDefaults(
    refuted,
    list('886921000000105', 'Allergies and adverse reactions', ['AllergyIntolerance/refuted1']),
    medication,
    atNight,
    instructionOnly,
    list('933361000000108', 'Medications and medical devices', ['MedicationStatement/ms1', 'MedicationStatement/ms2']),
    encounter,
    list('1149501000000101', 'Consultation', ['Encounter/e1']),
  ),
  OPTIONS,
).xml;
const doc = parseXml(xml);
const activity = (id: string) =>
  nodes(doc, `//h:substanceAdministration${tpl(T.medicationActivity)}[h:id/@extension='MedicationStatement/${id}']`)[0];

describe('synthetic cases read back by template', () => {
  it('a refuted allergy is a negated Allergy-Intolerance Observation that keeps its substance, with no uncertainty qualifier', () => {
    const obs = nodes(doc, `//h:observation${tpl(T.allergyObservation)}`)[0];
    expect(obs.getAttribute('negationInd')).toBe('true');
    expect(str(obs, 'h:participant/h:participantRole/h:playingEntity/h:code/@code')).toBe('372687004');
    expect(nodes(obs, 'h:value/h:qualifier')).toHaveLength(0);
  });

  it('a bedtime dose is an EIVL_TS event HS; the rate and the tablet count are structured', () => {
    const e = activity('ms1');
    expect(str(e, "h:effectiveTime[@operator='A' and @xsi:type='EIVL_TS']/h:event/@code")).toBe('HS');
    expect(str(e, 'h:rateQuantity/@value') + ' ' + str(e, 'h:rateQuantity/@unit')).toBe('5 mL/h');
    expect(str(e, 'h:doseQuantity/@value')).toBe('1');
    expect(str(e, 'h:doseQuantity/h:translation/@code')).toBe('428673006');
    expect(words(e, `h:entryRelationship/h:substanceAdministration${tpl(T.freeTextSig)}/h:text`)).toBe('One at night');
  });

  it('an instruction without dosage text still reaches the sig and the Instruction, in words', () => {
    const e = activity('ms2');
    expect(words(e, `h:entryRelationship/h:substanceAdministration${tpl(T.freeTextSig)}/h:text`)).toContain('Stop if drowsy');
    expect(words(e, `h:entryRelationship/h:act${tpl(T.instruction)}/h:text`)).toBe('Stop if drowsy');
  });

  it('a coded encounter type is the encounter code as sent', () => {
    const enc = nodes(doc, `//h:encounter${tpl(T.encounterActivity)}`)[0];
    expect(str(enc, 'h:code/@code')).toBe('185317003');
  });

  it('the document has 0 XSD and 0 schematron errors', async () => {
    const r = await validateCcda(xml, { errorsOnly: true });
    expect({ xsd: r.xsdErrors, sch: r.schematronErrors, raw: r.xsdErrors + r.schematronErrors ? r.raw : '' }).toEqual({
      xsd: 0,
      sch: 0,
      raw: '',
    });
  }, 120_000);
});
