import { byTemplate, conceptsOf, idsOf, LOINC_OID, primaryCode, readConcept, referencedText, TEMPLATE, valueOf } from './ccd-reader.util';
import {
  fidelityDocuments,
  idNames,
  observationProblems,
  observations,
  snomedCoding,
  type FidelityDocument,
} from './fidelity-documents.util';
import { nodes, type Json } from '../ccda-fixtures.util';

/**
 * Vital signs read back at the template level: every Vital Sign Observation (4.27) comes from one
 * Observation of the bundle (or one component of a panel) and carries its GP code, date, number and
 * a UCUM unit; a blood-pressure panel's systolic and diastolic components become two Vital Sign
 * Observations, LOINC 8480-6 and 8462-4 (reference §5.6), with PQ values in mm[Hg]. An interpretation
 * is an interpretationCode only when it is an HL7 Observation Interpretation code (CONF:1098-32886:
 * the @code SHALL come from that value set); any other stays in the reading's narrative row.
 */

const docs = fidelityDocuments();

/** V3 ObservationInterpretation (2.16.840.1.113883.5.83), the system of the HL7 value set. */
const V3_INTERPRETATION = '2.16.840.1.113883.5.83';
const V2_0078 = ['http://hl7.org/fhir/v2/0078', 'http://terminology.hl7.org/CodeSystem/v2-0078'];
/** Common v2 0078 codes that are V3 codes with the same meaning. */
const V3_SHARED = new Set(['N', 'A', 'AA', 'H', 'HH', 'L', 'LL', 'POS', 'NEG', 'IND', 'DET', 'ND']);

function bpComponents(o: Json): { part: Json; loinc: string }[] {
  const out: { part: Json; loinc: string }[] = [];
  for (const c of o.component ?? []) {
    const label = `${snomedCoding(c.code)?.display ?? ''} ${c.code?.text ?? ''}`.toLowerCase();
    if (typeof c.valueQuantity?.value !== 'number') continue;
    if (label.includes('systolic')) out.push({ part: c, loinc: '8480-6' });
    else if (label.includes('diastolic')) out.push({ part: c, loinc: '8462-4' });
  }
  return out;
}

function vitalSignsOf(d: FidelityDocument) {
  return byTemplate(d.doc, TEMPLATE.vitalSignObservation).filter((el) =>
    byTemplate(d.doc, TEMPLATE.vitalSignsOrganizer).some((org) => org.contains(el)),
  );
}

describe('C-CDA fidelity: vital signs', () => {
  const panels = docs.filter((d) => observations(d.bundle).some((o) => bpComponents(o).length === 2));

  it('covers bundles with blood-pressure panels and with single vital signs', () => {
    expect(panels.map((d) => d.name)).toContain('consultations_response1.json');
    expect(docs.filter((d) => vitalSignsOf(d).length > 0).map((d) => d.name)).toContain('9690937286.json');
  });

  it.each(panels.map((d) => [d.name, d] as [string, FidelityDocument]))(
    '%s: each blood-pressure component is a Vital Sign Observation (8480-6 / 8462-4) with PQ mm[Hg]',
    (_name, d) => {
      const vitals = byTemplate(d.doc, TEMPLATE.vitalSignObservation);
      const problems: Record<string, unknown> = {};
      for (const o of observations(d.bundle)) {
        for (const { part, loinc } of bpComponents(o)) {
          const found = vitals.filter(
            (el) =>
              idsOf(el).some((i) => idNames(i, o, true)) && primaryCode(el)?.code === loinc && primaryCode(el)?.codeSystem === LOINC_OID,
          );
          const v = found.length === 1 ? valueOf(found[0]) : undefined;
          const p = found.length === 1 ? observationProblems(found[0], o, part) : [`${found.length} Vital Sign Observations for ${loinc}`];
          if (v && v.pq?.unit !== 'mm[Hg]') p.push(`unit ${v.pq?.unit}`);
          if (p.length) problems[`Observation/${o.id} ${loinc}`] = p;
        }
      }
      expect(problems).toEqual({});
    },
  );

  it.each(docs.map((d) => [d.name, d] as [string, FidelityDocument]))(
    '%s: every Vital Sign Observation comes from one bundle Observation and keeps its code, date and value',
    (_name, d) => {
      const obs = observations(d.bundle);
      const problems: string[] = [];
      for (const el of vitalSignsOf(d)) {
        const ids = idsOf(el);
        const sources = obs.filter((o) => ids.some((i) => idNames(i, o, true)));
        if (sources.length !== 1) {
          problems.push(`${JSON.stringify(ids)}: ${sources.length} sources`);
          continue;
        }
        const o = sources[0];
        // A panel's reading is the component whose GP code the statement carries.
        const codes = conceptsOf(el).map((c) => c.code);
        const holder = (o.component ?? []).find((c: Json) => codes.includes(snomedCoding(c.code)?.code)) ?? o;
        problems.push(...observationProblems(el, o, holder).map((p) => `Observation/${o.id}: ${p}`));
        if (primaryCode(el)?.codeSystem !== LOINC_OID) problems.push(`Observation/${o.id}: code is not LOINC`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('covers vital signs whose interpretation is a v2 0078 code, a SNOMED CT code and the UK code PA', () => {
    const sent = docs.flatMap((d) =>
      vitalSignsOf(d).flatMap((el) => observations(d.bundle).filter((o) => idsOf(el).some((i) => idNames(i, o)))),
    );
    const systems = new Set(sent.map((o) => o.interpretation?.coding?.[0]?.system).filter(Boolean));
    expect(systems.size).toBeGreaterThanOrEqual(3);
  });

  it.each(docs.map((d) => [d.name, d] as [string, FidelityDocument]))(
    "%s: a vital sign's interpretationCode is an HL7 Observation Interpretation code the record sent; any other interpretation is in its narrative row",
    (_name, d) => {
      const problems: Record<string, string[]> = {};
      for (const el of vitalSignsOf(d)) {
        const src = observations(d.bundle).find((o) => idsOf(el).some((i) => idNames(i, o, true)));
        if (!src) continue;
        const whole = idsOf(el).some((i) => idNames(i, src));
        const all = nodes(el, 'h:interpretationCode').map(readConcept);
        const p: string[] = [];
        for (const read of all) {
          if (read?.code?.codeSystem !== V3_INTERPRETATION)
            p.push(`interpretationCode ${read?.code?.code ?? read?.nullFlavor} (${read?.code?.codeSystem})`);
        }
        const sent = (src.interpretation?.coding ?? []).filter((c: Json) => V2_0078.includes(c.system)).map((c: Json) => c.code);
        const stated = all.map((r) => r?.code?.code);
        if (stated.some((c) => !sent.includes(c))) p.push(`states ${stated.join(',')}, the record ${sent.join(',') || 'nothing'}`);
        if (whole) for (const c of sent) if (V3_SHARED.has(c) && !stated.includes(c)) p.push(`${c} not read back`);
        const term = src.interpretation?.text ?? src.interpretation?.coding?.find((c: Json) => c.display)?.display;
        const row = referencedText(nodes(el, 'h:text')[0]);
        if (whole && term && !row?.includes(term)) p.push(`interpretation "${term}" not in the narrative row "${row}"`);
        if (p.length) problems[`Observation/${src.id}`] = p;
      }
      expect(problems).toEqual({});
    },
  );
});
