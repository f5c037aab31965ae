import { byTemplate, idsOf, sectionByTemplate, TEMPLATE, valueOf } from './ccd-reader.util';
import {
  fidelityDocuments,
  idNames,
  observationProblems,
  observations,
  snomedCoding,
  type FidelityDocument,
} from './fidelity-documents.util';
import type { Json } from '../ccda-fixtures.util';

/**
 * Social history read back at the template level: smoking status findings from the C-CDA Smoking
 * Status value set are Smoking Status observations (4.78); alcohol intake is a Social History
 * Observation (4.38) with its number as PQ — both in the Social History section, none in Results.
 */

/** SNOMED codes of the C-CDA Smoking Status value set (2.16.840.1.113883.11.20.9.38). */
const SMOKING_STATUS = new Set([
  '449868002',
  '428041000124106',
  '8517006',
  '266919005',
  '77176002',
  '266927001',
  '428071000124103',
  '428061000124105',
]);

const isAlcohol = (o: Json) => /alcohol/i.test(`${snomedCoding(o.code)?.display ?? ''} ${o.code?.text ?? ''}`);
const isSmokingStatus = (o: Json) => SMOKING_STATUS.has(snomedCoding(o.code)?.code);

const docs = fidelityDocuments();
const social = docs.filter((d) => observations(d.bundle).some((o) => isAlcohol(o) || isSmokingStatus(o)));

function inSection(section: Element | undefined, els: Element[]): Element[] {
  return section ? els.filter((el) => section.contains(el)) : [];
}

describe('C-CDA fidelity: social history', () => {
  it('covers the bundles with alcohol and smoking records', () => {
    expect(social.map((d) => d.name)).toEqual(expect.arrayContaining(['9690937286.json', 'consultations_response1.json']));
  });

  it.each(social.map((d) => [d.name, d] as [string, FidelityDocument]))(
    '%s: alcohol intake is a Social History Observation and smoking status a Smoking Status observation, none in Results',
    (_name, { bundle, doc }) => {
      const sh = sectionByTemplate(doc, TEMPLATE.socialHistorySection);
      const results = sectionByTemplate(doc, TEMPLATE.resultsSection);
      const shObs = inSection(sh, byTemplate(doc, TEMPLATE.socialHistoryObservation));
      const smoking = inSection(sh, byTemplate(doc, TEMPLATE.smokingStatus));
      const resultObs = inSection(results, byTemplate(doc, TEMPLATE.resultObservation));
      const problems: Record<string, string[]> = {};
      for (const o of observations(bundle).filter((x) => isAlcohol(x) || isSmokingStatus(x))) {
        const names = (el: Element) => idsOf(el).some((i) => idNames(i, o));
        const expected = isSmokingStatus(o) ? smoking : shObs;
        const found = expected.filter(names);
        const p = found.length === 1 ? observationProblems(found[0], o) : [`${found.length} in Social History`];
        if (found.length === 1 && typeof o.valueQuantity?.value === 'number' && valueOf(found[0])?.xsiType !== 'PQ') p.push('value not PQ');
        if (resultObs.some(names)) p.push('also in Results');
        if (p.length) problems[`Observation/${o.id}`] = p;
      }
      expect(problems).toEqual({});
    },
  );

  it.each(docs.map((d) => [d.name, d] as [string, FidelityDocument]))(
    '%s: every Social History statement comes from one Observation of the bundle',
    (_name, { bundle, doc }) => {
      const obs = observations(bundle);
      const orphans = [...byTemplate(doc, TEMPLATE.socialHistoryObservation), ...byTemplate(doc, TEMPLATE.smokingStatus)]
        .map((el) => idsOf(el))
        .filter((ids) => obs.filter((o) => ids.some((i) => idNames(i, o))).length !== 1);
      expect(orphans).toEqual([]);
    },
  );
});
