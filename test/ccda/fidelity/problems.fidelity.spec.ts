import { allDocuments, entriesFor, identifiesSource, nodes, snomed, sourceOf, statementIds, str, T, tpl, ts } from './clinical-reader.util';
import type { Json } from '../ccda-fixtures.util';

/**
 * Problems read back by template: GP Connect repeats a problem once per problem header it is linked
 * from (same identifier value, same code). Each problem must be one Problem Observation (4.4) in one
 * Problem Concern Act (4.3) — identifying every Condition that repeats it — with its code and onset,
 * and its narrative row must stay readable (linked items grouped, not one line each).
 */

const docs = allDocuments();

/** A problem's identity as the bundle states it: its identifier value (any system) and its code. */
function problemKey(c: Json): string {
  const id = String(c.identifier?.[0]?.value ?? c.id)
    .replace(/^urn:uuid:/, '')
    .toLowerCase();
  return id + '|' + (snomed(c.code)?.code ?? c.code?.text ?? '');
}

describe.each(docs.filter((d) => sourceOf(d.bundle, 'Condition').length > 0).map((d) => [d.name, d] as const))(
  'problems of %s',
  (_name, d) => {
    const items = sourceOf(d.bundle, 'Condition');
    const problems = new Set(items.map((c) => problemKey(c.res)));

    it('bundle → document: every Condition is identified by exactly one Problem Observation, with its code and onset', () => {
      const faults: string[] = [];
      for (const c of items) {
        const found = entriesFor(d.doc, T.problemObservation, c);
        if (found.length !== 1) {
          faults.push(`${c.key}: ${found.length} Problem Observations`);
          continue;
        }
        const e = found[0];
        const code = snomed(c.res.code);
        if (code && str(e, 'h:value/@code') !== code.code) faults.push(`${c.key}: value ${str(e, 'h:value/@code')}`);
        const onset = ts(c.res.onsetDateTime);
        const main = items.filter((o) => problemKey(o.res) === problemKey(c.res)).find((o) => o.res.onsetDateTime);
        const want = onset ?? ts(main?.res.onsetDateTime);
        if (want && str(e, 'h:effectiveTime/h:low/@value') !== want) faults.push(`${c.key}: onset`);
      }
      expect(faults).toEqual([]);
    });

    it('document → bundle: one Problem Concern Act per problem, each observation naming Conditions of the bundle', () => {
      const obs = nodes(
        d.doc,
        `//h:section[h:code/@code='11450-4']/h:entry/h:act${tpl(T.problemConcern)}/h:entryRelationship/h:observation${tpl(T.problemObservation)}`,
      );
      expect(obs.filter((o) => !identifiesSource(o, items)).length).toBe(0);
      expect(obs.length).toBe(problems.size);
    });

    it('a problem row shows its linked items grouped: no cell of more than 8 lines', () => {
      const cells = nodes(d.doc, "//h:section[h:code/@code='11450-4']/h:text//h:td");
      const longest = Math.max(0, ...cells.map((td) => nodes(td, 'h:br').length + 1));
      expect(longest).toBeLessThanOrEqual(8);
    });
  },
);

describe('no clinical statement id repeats in the medication, immunisation, encounter, allergy or problem sections', () => {
  it.each(docs.map((d) => [d.name, d] as const))('%s', (_name, d) => {
    const ids = statementIds(d.doc, ['10160-0', '11369-6', '46240-8', '48765-2', '11450-4']);
    const seen = new Set<string>();
    const repeated = ids.filter((i) => (seen.has(i) ? true : (seen.add(i), false)));
    expect(repeated).toEqual([]);
  });
});
