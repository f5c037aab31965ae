import { byTemplate, clinicalStatementIds, hasEntries, idsOf, sectionByTemplate, sectionText, TEMPLATE } from './ccd-reader.util';
import { fidelityDocuments, idNames, isCommentNote, observations, type FidelityDocument } from './fidelity-documents.util';
import { resources, type Json } from '../ccda-fixtures.util';

/**
 * Document-wide reading: one id per clinical item (a receiver imports a repeated id twice), every
 * Observation of the bundle in exactly one place among results, vital signs and social history
 * (bundle → document) and no statement there without a source (document → bundle), and GP Connect's
 * empty-list note only where the section really is empty.
 */

const docs = fidelityDocuments();
const cases = docs.map((d) => [d.name, d] as [string, FidelityDocument]);

/** Observations other areas own: filing comments (Comment Activity) and immunisation-list records. */
function observationsForTheseAreas(bundle: Json): Json[] {
  const immunisationItems = new Set<string>();
  for (const l of resources(bundle).filter((r) => r.resourceType === 'List')) {
    if ((l.code?.coding ?? []).some((c: Json) => c.code === '1102181000000102')) {
      for (const e of l.entry ?? []) if (e.item?.reference) immunisationItems.add(e.item.reference);
    }
  }
  return observations(bundle).filter((o) => !isCommentNote(o) && !immunisationItems.has(`Observation/${o.id}`));
}

const AREA_TEMPLATES = [
  TEMPLATE.resultObservation,
  TEMPLATE.resultOrganizer,
  TEMPLATE.vitalSignObservation,
  TEMPLATE.smokingStatus,
  TEMPLATE.socialHistoryObservation,
];

describe('C-CDA fidelity: the document as a whole', () => {
  it.each(cases)('%s: no clinical statement id repeats', (_name, { doc }) => {
    const ids = clinicalStatementIds(doc);
    const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    expect(repeated).toEqual([]);
  });

  it.each(cases)('%s: every Observation is in exactly one of results, vital signs and social history', (_name, { bundle, doc }) => {
    const statements = AREA_TEMPLATES.flatMap((t) => byTemplate(doc, t));
    const misplaced: Record<string, number> = {};
    for (const o of observationsForTheseAreas(bundle)) {
      const holders = statements.filter((el) => idsOf(el).some((i) => idNames(i, o, el.localName === 'observation')));
      // A panel is one statement per component; everything else is one statement.
      const parts = holders.filter((el) => idsOf(el).some((i) => i.extension?.startsWith(`Observation/${o.id}/`)));
      const whole = holders.length - parts.length;
      if (!(whole === 1 && parts.length === 0) && !(whole === 0 && parts.length === (o.component ?? []).length && parts.length > 0)) {
        misplaced[`Observation/${o.id}`] = holders.length;
      }
    }
    expect(misplaced).toEqual({});
  });

  it.each(cases)('%s: "Information not available" is shown only in sections with no entries', (_name, { doc }) => {
    const contradicted = [
      TEMPLATE.resultsSection,
      TEMPLATE.vitalSignsSection,
      TEMPLATE.socialHistorySection,
      TEMPLATE.encountersSection,
    ].filter((t) => {
      const s = sectionByTemplate(doc, t);
      return !!s && hasEntries(s) && /information not available/i.test(sectionText(s));
    });
    expect(contradicted).toEqual([]);
  });
});
