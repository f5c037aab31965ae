import { allDocuments, entriesFor, identifiesSource, nodes, snomed, sourceOf, str, T, tpl, ts, words } from './clinical-reader.util';

/**
 * Encounters read back by template: every Encounter is one Encounter Activity (4.49) whose code is a
 * code (not a nullFlavor) and whose originalText, or displayName for a coded type, is the GP's
 * encounter type ("Surgery Consultation"); period start at source precision.
 */

const docs = allDocuments();

describe.each(docs.filter((d) => sourceOf(d.bundle, 'Encounter').length > 0).map((d) => [d.name, d] as const))(
  'encounters of %s',
  (_name, d) => {
    const items = sourceOf(d.bundle, 'Encounter');

    it('bundle → document: each encounter is one Encounter Activity with its type as a code and its start', () => {
      const faults: string[] = [];
      for (const enc of items) {
        const found = entriesFor(d.doc, T.encounterActivity, enc);
        if (found.length !== 1) {
          faults.push(`${enc.key}: ${found.length} Encounter Activities`);
          continue;
        }
        const e = found[0];
        const type = enc.res.type?.[0];
        if (type) {
          if (!str(e, 'h:code/@code') || str(e, 'h:code/@nullFlavor')) faults.push(`${enc.key}: code is ${str(e, 'h:code/@nullFlavor')}`);
          const coded = snomed(type);
          if (coded && str(e, 'h:code/@code') !== coded.code) faults.push(`${enc.key}: code ${str(e, 'h:code/@code')}`);
          if (!coded && type.text && words(e, 'h:code/h:originalText') !== type.text)
            faults.push(`${enc.key}: type "${words(e, 'h:code/h:originalText')}" for "${type.text}"`);
        }
        const start = ts(enc.res.period?.start);
        if (start && str(e, 'h:effectiveTime/h:low/@value') !== start) faults.push(`${enc.key}: start`);
      }
      expect(faults).toEqual([]);
    });

    it('document → bundle: every Encounter Activity of the section is an Encounter of the bundle', () => {
      const acts = nodes(d.doc, `//h:section[h:code/@code='46240-8']/h:entry/h:encounter${tpl(T.encounterActivity)}`);
      expect(acts.filter((a) => !identifiesSource(a, items)).length).toBe(0);
      expect(acts.length).toBe(items.length);
    });
  },
);
