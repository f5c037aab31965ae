import { byTemplate, idsOf, TEMPLATE } from './ccd-reader.util';
import {
  fidelityDocuments,
  idNames,
  isCommentNote,
  observationProblems,
  observations,
  type FidelityDocument,
} from './fidelity-documents.util';
import { resources, type Json } from '../ccda-fixtures.util';

/**
 * Results read back at the template level: every Observation a DiagnosticReport holds (reference
 * §5.5) is one Result Observation (4.2) — a test group header one Result Organizer (4.1) — with its
 * GP code and display, its date at source precision, and its number as PQ/IVL_PQ with a UCUM unit;
 * and every Result Observation in the document comes from an Observation of the bundle.
 */

function reportObservations(bundle: Json): { results: Json[]; headers: Json[] } {
  const byRef = new Map<string, Json>(observations(bundle).map((o) => [`Observation/${o.id}`, o]));
  const results = new Set<Json>();
  const headers = new Set<Json>();
  const visit = (ref: string | undefined, depth: number) => {
    const o = ref ? byRef.get(ref) : undefined;
    if (!o || depth > 4 || isCommentNote(o)) return;
    const members = (o.related ?? [])
      .filter((r: Json) => r.type === 'has-member')
      .map((r: Json) => r.target?.reference)
      .filter(Boolean);
    if (members.length) {
      headers.add(o);
      for (const m of members) visit(m, depth + 1);
    } else results.add(o);
  };
  for (const dr of resources(bundle).filter((r) => r.resourceType === 'DiagnosticReport')) {
    for (const r of dr.result ?? []) visit(r.reference, 0);
  }
  return { results: [...results], headers: [...headers] };
}

const docs = fidelityDocuments();
const withReports = docs.filter((d) => reportObservations(d.bundle).results.length > 0);

describe('C-CDA fidelity: results', () => {
  it('covers the bundles that hold investigations', () => {
    expect(withReports.map((d) => d.name)).toEqual(expect.arrayContaining(['9690937286.json', 'pathology_response1.json']));
  });

  it.each(withReports.map((d) => [d.name, d] as [string, FidelityDocument]))(
    '%s: every report result is one Result Observation with its code, date and value',
    (_name, { bundle, doc }) => {
      const statements = byTemplate(doc, TEMPLATE.resultObservation);
      const problems: Record<string, string[]> = {};
      for (const o of reportObservations(bundle).results) {
        const found = statements.filter((el) => idsOf(el).some((i) => idNames(i, o)));
        const p = found.length === 1 ? observationProblems(found[0], o) : [`${found.length} Result Observations`];
        if (p.length) problems[`Observation/${o.id}`] = p;
      }
      expect(problems).toEqual({});
    },
  );

  it.each(withReports.map((d) => [d.name, d] as [string, FidelityDocument]))(
    '%s: every test group is one Result Organizer',
    (_name, { bundle, doc }) => {
      const organizers = byTemplate(doc, TEMPLATE.resultOrganizer);
      const counts = reportObservations(bundle).headers.map((h) => organizers.filter((el) => idsOf(el).some((i) => idNames(i, h))).length);
      expect(counts.every((n) => n === 1)).toBe(true);
    },
  );

  it.each(docs.map((d) => [d.name, d] as [string, FidelityDocument]))(
    '%s: every Result Observation in the document comes from one Observation of the bundle',
    (_name, { bundle, doc }) => {
      const obs = observations(bundle);
      const orphans = byTemplate(doc, TEMPLATE.resultObservation)
        .map((el) => idsOf(el))
        .filter((ids) => obs.filter((o) => ids.some((i) => idNames(i, o))).length !== 1);
      expect(orphans).toEqual([]);
    },
  );
});
