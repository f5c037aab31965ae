import { byTemplate, conceptsOf, idsOf, LOINC_OID, primaryCode, TEMPLATE, valueOf } from './ccd-reader.util';
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
 * Vital signs read back at the template level: every Vital Sign Observation (4.27) comes from one
 * Observation of the bundle (or one component of a panel) and carries its GP code, date, number and
 * a UCUM unit; a blood-pressure panel's systolic and diastolic components become two Vital Sign
 * Observations, LOINC 8480-6 and 8462-4 (reference §5.6), with PQ values in mm[Hg].
 */

const docs = fidelityDocuments();

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
});
