import { byTemplate, idsOf, LOINC_OID, readConcept, SNOMED_OID, TEMPLATE, type ConceptRead } from './ccd-reader.util';
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
 * and every Result Observation in the document comes from an Observation of the bundle. A code is read
 * as the simplest receiver reads it: `code/@code` and `@codeSystem`, nothing else. A translation is
 * read only where the check is about translations (the SNOMED CT coding beside a LOINC code).
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

function loincCoding(cc: Json | undefined): Json | undefined {
  return (cc?.coding ?? []).find((c: Json) => c.system === 'http://loinc.org' && typeof c.code === 'string');
}

/**
 * Problems with a read concept against the record's coding: `@code`/`@codeSystem` are a LOINC coding of
 * the record when it has one (CONF:1198-7133: SHOULD be LOINC), with the SNOMED CT coding as its
 * translation, else the GP's SNOMED CT code itself (reference §6: first SNOMED coding → code), with its
 * display; the clinician's term in originalText.
 */
function conceptProblems(read: ConceptRead | undefined, cc: Json): string[] {
  if (!read) return ['no concept'];
  if (read.contradictory) return ['code beside a nullFlavor'];
  const sct = snomedCoding(cc);
  const loinc = loincCoding(cc);
  const coding = loinc ?? sct;
  const want: { code: string; oid: string; display?: string } | undefined = coding
    ? { code: coding.code, oid: loinc ? LOINC_OID : SNOMED_OID, display: coding.display }
    : undefined;
  const out: string[] = [];
  const got = read.code;
  if (want && (got?.code !== want.code || got?.codeSystem !== want.oid))
    out.push(`code/@code ${got ? `${got.code} (${got.codeSystem})` : `none (nullFlavor ${read.nullFlavor})`} ≠ ${want.code} (${want.oid})`);
  else if (want?.display && got?.displayName !== want.display) out.push(`display "${got?.displayName}" ≠ "${want.display}"`);
  if (loinc && sct && !read.translations.some((t) => t.code === sct.code && t.codeSystem === SNOMED_OID))
    out.push(`GP SNOMED code ${sct.code} not a translation of the LOINC code`);
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

  it('covers results coded in SNOMED CT only and a result also coded in LOINC', () => {
    const codes = docs.flatMap((d) => resultStatements(d).map(({ src }) => src.code));
    expect(codes.some((cc) => snomedCoding(cc) && !loincCoding(cc))).toBe(true);
    expect(codes.some((cc) => snomedCoding(cc) && loincCoding(cc))).toBe(true);
  });

  it.each(docs.map((d) => [d.name, d] as [string, FidelityDocument]))(
    '%s: every Result Observation states its code, display and term in code/@code, as the simplest receiver reads it',
    (_name, d) => {
      const problems: Record<string, string[]> = {};
      for (const { el, src } of resultStatements(d)) {
        const code = readConcept(nodes(el, 'h:code')[0]);
        const p: string[] = [];
        // A finding recorded without a value is "Clinical finding" with the finding as its coded value.
        if (
          code?.code?.code === CLINICAL_FINDING &&
          code.code.codeSystem === SNOMED_OID &&
          snomedCoding(src.code)?.code !== CLINICAL_FINDING
        ) {
          p.push(...conceptProblems(readConcept(nodes(el, "h:value[@xsi:type='CD']")[0]), src.code));
        } else p.push(...conceptProblems(code, src.code));
        if (p.length) problems[`Observation/${src.id}`] = p;
      }
      expect(problems).toEqual({});
    },
  );

  it.each(docs.map((d) => [d.name, d] as [string, FidelityDocument]))(
    '%s: a finding recorded without a value has code/@code SNOMED CT 404684003 "Clinical finding"',
    (_name, d) => {
      const wrong = resultStatements(d)
        .filter(({ el }) => nodes(el, "h:value[@xsi:type='CD']").length === 1 && nodes(el, 'h:value/@nullFlavor').length === 0)
        .filter(({ src }) => !Object.keys(src).some((k) => k.startsWith('value')))
        .map(({ el, src }) => ({ id: `Observation/${src.id}`, code: readConcept(nodes(el, 'h:code')[0])?.code }))
        .filter(({ code }) => code?.code !== CLINICAL_FINDING || code.codeSystem !== SNOMED_OID || code.displayName !== 'Clinical finding');
      expect(wrong).toEqual([]);
    },
  );
});
