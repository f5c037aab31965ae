import { convertBundleToCcd } from '@gw/ccda';
import { validateCcdaBatch } from '../../support/ccda-validator';
import { OPTIONS, parseXml, type Json } from '../ccda-fixtures.util';
import { concept, list, withDefaults } from '../synthetic-bundle.util';
import { entriesFor, FDA_ROUTE, routeFaults, sourceOf, T } from './clinical-reader.util';

/**
 * Every SNOMED CT route that has an FDA SPL equivalent, on a medication and on an immunisation: the
 * routeCode reads back as that FDA route with the SNOMED route as translation, and its originalText as
 * the route words alone. The expectation is the reader's own table (FDA_ROUTE), not the converter's.
 */

const SNOMED = 'http://snomed.info/sct';
const ROUTE_NAMES: Record<string, string> = {
  '26643006': 'Oral',
  '34206005': 'Subcutaneous',
  '78421000': 'Intramuscular',
  '47625008': 'Intravenous',
  '372464004': 'Intradermal',
  '37839007': 'Sublingual',
  '46713006': 'Nasal',
  '54485002': 'Ophthalmic',
  '10547007': 'Otic',
  '45890007': 'Transdermal',
  '6064005': 'Topical',
  '37161004': 'Rectal',
};
const codes = Object.keys(FDA_ROUTE);
const route = (code: string): Json => ({ coding: [{ system: SNOMED, code, display: ROUTE_NAMES[code] + ' route' }] });

const bundle = withDefaults(
  list(
    '933361000000108',
    'Medications and medical devices',
    codes.map((c) => 'MedicationStatement/ms-' + c),
  ),
  list(
    '1102181000000102',
    'Immunisations',
    codes.map((c) => 'Immunization/im-' + c),
  ),
  { resourceType: 'Medication', id: 'm1', code: concept('39720311000001101', 'Paracetamol 500mg tablets') },
  ...codes.map((c) => ({
    resourceType: 'MedicationStatement',
    id: 'ms-' + c,
    status: 'active',
    medicationReference: { reference: 'Medication/m1' },
    effectivePeriod: { start: '2026-01-05' },
    subject: { reference: 'Patient/p1' },
    dosage: [{ text: 'As directed', route: route(c) }],
  })),
  ...codes.map((c) => ({
    resourceType: 'Immunization',
    id: 'im-' + c,
    status: 'completed',
    notGiven: false,
    vaccineCode: concept('871751006', 'Hepatitis A vaccine'),
    date: '2026-01-05',
    route: route(c),
    patient: { reference: 'Patient/p1' },
  })),
);
const xml = convertBundleToCcd(bundle, OPTIONS).xml;
const doc = parseXml(xml);

describe('routes with an FDA equivalent, read back', () => {
  it('the reader knows the 12 SNOMED → FDA routes', () => {
    expect(codes).toHaveLength(12);
  });

  it.each(codes)(
    'SNOMED %s: medication and immunisation routeCode is its FDA route, the SNOMED route the translation, the words alone',
    (code) => {
      for (const [type, t] of [
        ['MedicationStatement', T.medicationActivity],
        ['Immunization', T.immunizationActivity],
      ] as const) {
        const source = sourceOf(bundle, type).find((s) => s.res.id.endsWith('-' + code))!;
        const e = entriesFor(doc, t, source);
        expect(e).toHaveLength(1);
        expect({ type, code, faults: routeFaults(e[0], source.res.dosage?.[0]?.route ?? source.res.route) }).toEqual({
          type,
          code,
          faults: [],
        });
      }
    },
  );

  it('the document has 0 XSD and 0 schematron errors', async () => {
    const [r] = await validateCcdaBatch([{ name: 'routes', xml }]);
    expect({ xsd: r.xsdErrors, sch: r.schematronErrors, raw: r.xsdErrors + r.schematronErrors ? r.raw : '' }).toEqual({
      xsd: 0,
      sch: 0,
      raw: '',
    });
  }, 120_000);
});
