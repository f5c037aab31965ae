import { convertBundleToCcd, type CcdResult } from '@gw/ccda';
import {
  clinicalItems,
  count,
  nodes,
  OPTIONS,
  parseXml,
  resources,
  section,
  sharedBundles,
  specExamples,
  str,
  withNhsNumber,
  type Json,
} from './ccda-fixtures.util';

/**
 * Nothing is dropped: every clinical item of a bundle is accounted for in the report, and the report
 * agrees with the document (entries per section, ids of encoded items, narrative references).
 */
const LOINC = {
  allergies: '48765-2',
  meds: '10160-0',
  problems: '11450-4',
  imms: '11369-6',
  vitals: '8716-3',
  results: '30954-2',
  social: '29762-2',
  encounters: '46240-8',
};

const inputs: { name: string; bundle: Json }[] = [
  ...sharedBundles(),
  ...specExamples().filter((e) =>
    [
      'allergies_response1.json',
      'consultations_response1.json',
      'meds_response.json',
      'immunizations_response2.json',
      'referrals_response1.json',
      'diaryentries_response1.json',
      'uncategorised_response1.json',
    ].includes(e.name),
  ),
  ...specExamples()
    .filter((e) => e.name === 'pathology_response1.json')
    .map((e) => ({ name: e.name, bundle: withNhsNumber(e.bundle, '9999999999') })),
];

const converted = new Map<string, { result: CcdResult; doc: Document; bundle: Json }>();
for (const i of inputs) {
  const result = convertBundleToCcd(i.bundle, OPTIONS);
  converted.set(i.name, { result, doc: parseXml(result.xml), bundle: i.bundle });
}

function uuidOf(r: Json): string | undefined {
  const id = (r.identifier ?? []).find((x: Json) => String(x.system ?? '').endsWith('cross-care-setting-identifier'));
  const v = String(id?.value ?? '').replace(/^urn:uuid:/, '');
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? v.toUpperCase() : undefined;
}

describe.each(inputs.map((i) => i.name))('content of %s', (name) => {
  const { result, doc, bundle } = converted.get(name)!;
  const { report } = result;

  it('accounts for every clinical item exactly once, counted both ways', () => {
    const expected = clinicalItems(bundle).sort();
    const reported = report.items.map((i) => i.ref).sort();
    expect(reported).toEqual(expected);
    expect(report.mapped + report.narrativeOnly).toBe(expected.length);
    expect(report.items.filter((i) => i.outcome === 'narrative').every((i) => typeof i.reason === 'string' && i.reason.length > 0)).toBe(
      true,
    );
  });

  it('has as many entries in each section as the report says, and NI exactly when there are none', () => {
    for (const s of report.sections) {
      const el = section(doc, s.code)!;
      expect(el).toBeDefined();
      expect({ code: s.code, entries: count(el, 'h:entry') }).toEqual({ code: s.code, entries: s.entries });
      expect(el.getAttribute('nullFlavor') === 'NI').toBe(s.entries === 0);
    }
  });

  it('gives every encoded item an id in the document (its UUID, or <Type>/<id> under the local root)', () => {
    const byRef = new Map<string, Json>();
    resources(bundle).forEach((r, i) => {
      const key = `${r.resourceType}/${r.id ?? '#' + i}`;
      let k = key;
      for (let n = 2; byRef.has(k); n++) k = `${key}~${n}`;
      byRef.set(k, r);
    });
    const ids = nodes(doc, '//h:entry//h:id');
    const roots = new Set(ids.map((e) => e.getAttribute('root')));
    const exts = ids.map((e) => e.getAttribute('extension') ?? '');
    const ownAct = [
      'AllergyIntolerance',
      'MedicationStatement',
      'Condition',
      'Immunization',
      'Encounter',
      'ReferralRequest',
      'ProcedureRequest',
    ];
    for (const item of report.items.filter((i) => i.outcome === 'entry' && ownAct.includes(i.ref.split('/')[0]) && !i.ref.includes('#'))) {
      const r = byRef.get(item.ref)!;
      const uuid = uuidOf(r);
      const found = (uuid !== undefined && roots.has(uuid)) || exts.some((e) => e === item.ref || e.startsWith(item.ref + '/'));
      expect({ item: item.ref, found }).toEqual({ item: item.ref, found: true });
    }
  });

  it('points every reference into the narrative at an existing, unique ID', () => {
    const idEls = nodes(doc, '//*[@ID]').map((e) => e.getAttribute('ID')!);
    expect(new Set(idEls).size).toBe(idEls.length);
    const targets = new Set(idEls);
    const refs = nodes(doc, '//h:reference/@value').map((a) => (a as unknown as Attr).value);
    expect(refs.length).toBeGreaterThanOrEqual(report.mapped > 0 ? 1 : 0);
    for (const r of refs) expect(targets.has(r.slice(1))).toBe(true);
  });
});

describe('mapped content of the main shared record (9690937286)', () => {
  const { doc } = converted.get('9690937286.json')!;
  const allergies = section(doc, LOINC.allergies)!;
  const meds = section(doc, LOINC.meds)!;

  it('sesame oil (environment, no type) is a propensity to adverse reactions to a substance, not a drug allergy', () => {
    expect(str(allergies, './/h:observation[h:templateId/@root="2.16.840.1.113883.10.20.22.4.7"]/h:value/@code')).toBe('418038007');
    expect(str(allergies, './/h:playingEntity/h:code/@code')).toBe('89707004');
    expect(str(allergies, './/h:observation[h:templateId/@root="2.16.840.1.113883.10.20.22.4.9"]/h:value/@code')).toBe('230145002');
    expect(str(allergies, './/h:observation[h:templateId/@root="2.16.840.1.113883.10.20.22.4.8"]/h:value/@code')).toBe('24484000');
    // onset 1963-07-27T12:00:00+01:00 keeps time and offset
    expect(str(allergies, './/h:observation[h:templateId/@root="2.16.840.1.113883.10.20.22.4.7"]/h:effectiveTime/h:low/@value')).toBe(
      '19630727120000+0100',
    );
  });

  it('names the recording clinician (SDS user id) and time as Author Participation', () => {
    const author = nodes(allergies, './/h:observation[h:templateId/@root="2.16.840.1.113883.10.20.22.4.7"]/h:author')[0];
    expect(str(author, 'h:templateId/@root')).toBe('2.16.840.1.113883.10.20.22.4.119');
    expect(str(author, 'h:time/@value')).toBe('19630727120000+0100');
    expect(str(author, 'h:assignedAuthor/h:id/@extension')).toBe('G13579135');
    expect(str(author, 'h:assignedAuthor/h:assignedPerson/h:name/h:family')).toBe('Gilbert');
  });

  it('has one Medication Activity per MedicationStatement, with the confidential-items notice', () => {
    expect(count(meds, 'h:entry/h:substanceAdministration')).toBe(9);
    expect(str(meds, 'h:text')).toContain('Items excluded due to confidentiality and/or patient preferences.');
    expect(count(meds, './/h:supply[h:templateId/@root="2.16.840.1.113883.10.20.22.4.17"]/h:repeatNumber[@value="12"]')).toBeGreaterThan(0);
  });

  it('keeps the GP term as originalText and the dm+d code as SNOMED CT', () => {
    const code = nodes(meds, './/h:manufacturedMaterial/h:code[@code="9751511000001104"]')[0];
    expect(code.getAttribute('codeSystem')).toBe('2.16.840.1.113883.6.96');
    const ref = str(code, 'h:originalText/h:reference/@value').slice(1);
    expect(str(doc, `//*[@ID="${ref}"]`)).toBe('Sertraline 100mg tablets');
  });

  it('renders the full blood count as a battery of results with ranges, and vital signs with UCUM units', () => {
    const results = section(doc, LOINC.results)!;
    const fbc = nodes(results, './/h:organizer[h:code/@code="26604007"]');
    expect(fbc.length).toBeGreaterThanOrEqual(1);
    expect(count(fbc[0], 'h:component/h:observation')).toBe(18);
    const vitals = section(doc, LOINC.vitals)!;
    expect(count(vitals, './/h:observation[h:code/@code="8310-5"]/h:value[@unit="Cel" and @value="36.7"]')).toBe(1);
    // the clinician's comment on a reading is kept (narrative + Comment Activity)
    expect(str(vitals, 'h:text')).toContain('Patient looks flushed');
    expect(count(vitals, './/h:observation[h:code/@code="8310-5"]/h:entryRelationship/h:act[h:code/@code="48767-8"]')).toBe(1);
    // two consultations each recorded a temperature (703421000): both are vital signs
    expect(count(vitals, './/h:observation[h:code/@code="8310-5"]/h:code/h:translation[@code="703421000"]')).toBe(2);
  });

  it('names the vaccine recorded as UNK by the vaccination procedure (originalText and translation), and keeps the procedure code', () => {
    const imms = section(doc, LOINC.imms)!;
    expect(count(imms, 'h:entry/h:substanceAdministration[@negationInd="false"]')).toBe(1);
    expect(str(imms, './/h:manufacturedMaterial/h:code/@nullFlavor')).toBe('OTH');
    expect(str(imms, './/h:manufacturedMaterial/h:code/h:originalText')).toBe('First hepatitis A vaccination');
    expect(str(imms, './/h:manufacturedMaterial/h:code/h:translation/@code')).toBe('170378007');
    expect(str(imms, 'h:entry/h:substanceAdministration/h:code/@code')).toBe('170378007');
    expect(str(imms, 'h:entry/h:substanceAdministration/h:effectiveTime/@value')).toBe('20190628');
  });

  it('lists each problem once (its five headers share one identifier), with the linked items of every header in its row', () => {
    const problems = section(doc, LOINC.problems)!;
    expect(count(problems, 'h:entry')).toBe(4);
    expect(str(problems, 'h:text')).toContain('Allergy:');
  });
});

describe('determinism', () => {
  it('the same bundle and options give byte-identical documents (ids derive from source ids only)', () => {
    const { bundle } = inputs.find((i) => i.name === '9690937286.json')!;
    expect(convertBundleToCcd(structuredClone(bundle), OPTIONS).xml).toBe(converted.get('9690937286.json')!.result.xml);
  });
});

describe('warnings shown to the reader', () => {
  it('9692140466: the data-in-transit note (with its cut-off date) is in every affected section', () => {
    const { doc } = converted.get('9692140466.json')!;
    for (const code of [LOINC.allergies, LOINC.meds, LOINC.problems, LOINC.results]) {
      expect({ code, text: str(section(doc, code)!, 'h:text').includes('information recorded before 23-Feb-2026 may be missing') }).toEqual(
        { code, text: true },
      );
    }
    expect(count(section(doc, LOINC.meds)!, 'h:entry')).toBe(35);
    // three statements are "when required" (asNeededBoolean); their plans repeat it, which adds no entries
    expect(count(section(doc, LOINC.meds)!, './/h:precondition[@typeCode="PRCN"]')).toBe(3);
  });

  it('9690938118: empty allergies are NI with the confidential-items and transfer notes', () => {
    const { doc } = converted.get('9690938118.json')!;
    const s = section(doc, LOINC.allergies)!;
    expect(s.getAttribute('nullFlavor')).toBe('NI');
    expect(str(s, 'h:text')).toContain('Items excluded due to confidentiality');
    expect(str(s, 'h:text')).toContain('No information recorded at the GP practice');
  });

  it('9690937278: every required section is present and NI', () => {
    const { doc } = converted.get('9690937278.json')!;
    for (const code of [LOINC.allergies, LOINC.meds, LOINC.problems, LOINC.results, LOINC.social, LOINC.vitals]) {
      expect(section(doc, code)?.getAttribute('nullFlavor')).toBe('NI');
    }
    expect(str(section(doc, LOINC.social)!, 'h:text')).toContain('Not requested from the GP record');
  });
});
