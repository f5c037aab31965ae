import { CcdaInputError, convertBundleToCcd } from '@gw/ccda';
import { validateCcdaBatch, type CcdaValidation } from '../support/ccda-validator';
import { OPTIONS, patientOf, sharedBundles, specExamples, withNhsNumber, type Json } from './ccda-fixtures.util';
import { SYNTHETIC_VALUES } from './fidelity/synthetic-values.bundle';

/**
 * Every shared GP Connect bundle and every published spec example response converts, and the shared
 * validator (CDA_SDTC XSD + C-CDA R2.1 Schematron) reports 0 XSD and 0 schematron errors for each.
 * All documents go through one validator run so the schematron is compiled and loaded once.
 */

/** Published examples whose Patient carries an NHS number failing the modulus 11 check (or none): converted with a valid one. */
const PATCH_NHS = new Set(['pathology_response1.json', 'pathology_response2.json', 'skeleton_full_record.json']);

/** Schematron warnings of the shared bundles as last reviewed: they may fall, never grow. */
const WARNING_CEILING: Record<string, number> = {
  '9690937278.json': 11,
  '9690937286.json': 197,
  '9690938118.json': 11,
  '9692140466.json': 161,
};

const docs: { name: string; xml: string }[] = [];
let results: CcdaValidation[] = [];

function convertible(name: string, bundle: Json): Json | undefined {
  if (!patientOf(bundle)) return undefined;
  return PATCH_NHS.has(name) ? withNhsNumber(bundle, '9999999999') : bundle;
}

beforeAll(async () => {
  for (const { name, bundle } of [...sharedBundles(), ...specExamples()]) {
    const input = convertible(name, bundle);
    if (input) docs.push({ name, xml: convertBundleToCcd(input, OPTIONS).xml });
  }
  docs.push({ name: 'synthetic-values', xml: convertBundleToCcd(SYNTHETIC_VALUES, OPTIONS).xml });
  results = await validateCcdaBatch(docs);
}, 240_000);

describe('C-CDA conformance of converted GP Connect records', () => {
  it('converts all four shared structured-record bundles and at least 20 spec examples', () => {
    expect(docs.filter((d) => /^\d{10}\.json$/.test(d.name))).toHaveLength(4);
    expect(docs.length).toBeGreaterThanOrEqual(24);
  });

  it.each(sharedBundles().map((b) => b.name))('%s: 0 XSD errors, 0 schematron errors, warnings not above the reviewed ceiling', (name) => {
    const r = results.find((x) => x.name === name)!;
    expect(r.wellFormed).toBe(true);
    expect({ name, xsd: r.xsdErrors, sch: r.schematronErrors, raw: r.xsdErrors + r.schematronErrors ? r.raw : '' }).toEqual({
      name,
      xsd: 0,
      sch: 0,
      raw: '',
    });
    expect(r.schematronWarnings).toBeLessThanOrEqual(WARNING_CEILING[name]);
  });

  it.each(
    specExamples()
      .map((b) => b.name)
      .filter((n) => n !== 'split_plan.json'),
  )('spec example %s: 0 XSD errors, 0 schematron errors', (name) => {
    const r = results.find((x) => x.name === name)!;
    expect(r).toBeDefined();
    expect({ name, xsd: r.xsdErrors, sch: r.schematronErrors, raw: r.xsdErrors + r.schematronErrors ? r.raw : '' }).toEqual({
      name,
      xsd: 0,
      sch: 0,
      raw: '',
    });
  });

  it('the synthetic record of GP units, panels and shared results: 0 XSD errors, 0 schematron errors', () => {
    const r = results.find((x) => x.name === 'synthetic-values')!;
    expect({ xsd: r.xsdErrors, sch: r.schematronErrors, raw: r.xsdErrors + r.schematronErrors ? r.raw : '' }).toEqual({
      xsd: 0,
      sch: 0,
      raw: '',
    });
  });

  it('the published split_plan example (MedicationRequests only, no Patient) is refused with a typed error', () => {
    const { bundle } = specExamples().find((e) => e.name === 'split_plan.json')!;
    expect(() => convertBundleToCcd(bundle, OPTIONS)).toThrow(CcdaInputError);
    expect(() => convertBundleToCcd(bundle, OPTIONS)).toThrow(/no Patient/);
  });

  it('the published pathology example is refused as it stands: its NHS number fails the check digit', () => {
    const { bundle } = specExamples().find((e) => e.name === 'pathology_response1.json')!;
    let err: unknown;
    try {
      convertBundleToCcd(bundle, OPTIONS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CcdaInputError);
    expect((err as CcdaInputError).code).toBe('INVALID_NHS_NUMBER');
  });
});
