import { byTemplate, idsOf, readConcept, SNOMED_OID, TEMPLATE, type ConceptRead } from './ccd-reader.util';
import {
  fidelityDocuments,
  idNames,
  isCommentNote,
  observationProblems,
  observations,
  resultStatements,
  snomedCoding,
  type FidelityDocument,
} from './fidelity-documents.util';
import { nodes, resources, type Json } from '../ccda-fixtures.util';

/**
 * Results read back at the template level: every Observation a DiagnosticReport holds (reference
 * §5.5) is one Result Observation (4.2) — a test group header one Result Organizer (4.1) — with its
 * GP code and display, its date at source precision, and its number as PQ/IVL_PQ with a UCUM unit;
 * and every Result Observation in the document comes from an Observation of the bundle. Codes are read
 * as a receiver reads a CD: its own code, else (nullFlavor OTH) its translations.
 */

const CLINICAL_FINDING = '404684003';

/** The clinician's term (reference §6 Codes): the SNOMED description's display, else the text, else the coding's display. */
function clinicianTerm(cc: Json | undefined): string | undefined {
  for (const c of cc?.coding ?? []) {
    for (const e of c.extension ?? []) {
      if (!String(e.url).endsWith('Extension-coding-sctdescid')) continue;
      const d = (e.extension ?? []).find((x: Json) => String(x.url).toLowerCase() === 'descriptiondisplay' && x.valueString);
      if (d) return d.valueString;
    }
  }
  return cc?.text ?? (cc?.coding ?? []).find((c: Json) => c.display)?.display;
}

/** Problems with a read concept against a GP SNOMED coding: the code and display stated, the term in originalText. */
function conceptProblems(read: ConceptRead | undefined, cc: Json): string[] {
  const sct = snomedCoding(cc);
  if (!read) return ['no concept'];
  if (read.contradictory) return ['code beside a nullFlavor'];
  const out: string[] = [];
  if (sct) {
    const hit = read.codes.find((c) => c.code === sct.code && c.codeSystem === SNOMED_OID);
    if (!hit) out.push(`GP code ${sct.code} not read (${read.nullFlavor ?? 'coded'}: ${read.codes.map((c) => c.code).join(',')})`);
    else if (sct.display && hit.displayName !== sct.display) out.push(`display "${hit.displayName}" ≠ "${sct.display}"`);
  }
  const term = clinicianTerm(cc);
  if (term && read.originalText !== term) out.push(`originalText "${read.originalText}" ≠ "${term}"`);
  return out;
}

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

  it.each(docs.map((d) => [d.name, d] as [string, FidelityDocument]))(
    '%s: every Result Observation states its GP code, display and term as a receiver reads them',
    (_name, d) => {
      const problems: Record<string, string[]> = {};
      for (const { el, src } of resultStatements(d)) {
        const code = readConcept(nodes(el, 'h:code')[0]);
        const p: string[] = [];
        // A finding recorded without a value is "Clinical finding" with the finding as its coded value.
        if (
          code?.codes.some((c) => c.code === CLINICAL_FINDING && c.codeSystem === SNOMED_OID) &&
          snomedCoding(src.code)?.code !== CLINICAL_FINDING
        ) {
          p.push(...conceptProblems(readConcept(nodes(el, "h:value[@xsi:type='CD']")[0]), src.code));
        } else p.push(...conceptProblems(code, src.code));
        if (code && !code.codes.length) p.push(`code ${code.nullFlavor} with nothing a receiver can read`);
        if (p.length) problems[`Observation/${src.id}`] = p;
      }
      expect(problems).toEqual({});
    },
  );
});
