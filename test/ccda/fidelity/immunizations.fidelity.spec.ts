import { allDocuments, entriesFor, identifiesSource, nodes, snomed, sourceOf, str, T, tpl, ts, words } from './clinical-reader.util';
import type { Json } from '../ccda-fixtures.util';

/**
 * Immunisations read back by template: every Immunization is one Immunization Activity (4.52) with its
 * date at source precision, given/not given, and a named vaccine in the Immunization Medication
 * Information (4.54): the vaccineCode, or, when GP Connect sends it as UNK, the vaccination procedure's
 * term as originalText with its SNOMED code as a translation. A vaccine with no name anywhere is a fault.
 */

const docs = allDocuments();
const PROCEDURE = 'Extension-CareConnect-VaccinationProcedure-1';

function procedureOf(im: Json): Json | undefined {
  return (im.extension ?? []).find((e: Json) => String(e.url ?? '').endsWith(PROCEDURE))?.valueCodeableConcept;
}

/** The vaccine's name as a receiver finds it: displayName, else originalText words, else a translation's displayName. */
function vaccineName(e: Element): string {
  const c = `h:consumable/h:manufacturedProduct${tpl(T.immunizationMedication)}/h:manufacturedMaterial/h:code`;
  return str(e, `${c}/@displayName`) || words(e, `${c}/h:originalText`) || str(e, `${c}/h:translation/@displayName`);
}

describe.each(docs.filter((d) => sourceOf(d.bundle, 'Immunization').length > 0).map((d) => [d.name, d] as const))(
  'immunisations of %s',
  (_name, d) => {
    const items = sourceOf(d.bundle, 'Immunization');

    it('bundle → document: each immunisation is one Immunization Activity with its date, given flag and a named vaccine', () => {
      const faults: string[] = [];
      for (const im of items) {
        const found = entriesFor(d.doc, T.immunizationActivity, im);
        if (found.length !== 1) {
          faults.push(`${im.key}: ${found.length} Immunization Activities`);
          continue;
        }
        const e = found[0];
        const date = ts(im.res.date);
        if (date && str(e, 'h:effectiveTime/@value') !== date) faults.push(`${im.key}: date ${str(e, 'h:effectiveTime/@value')}`);
        if (e.getAttribute('negationInd') !== String(im.res.notGiven === true)) faults.push(`${im.key}: negationInd`);
        const vaccine = snomed(im.res.vaccineCode);
        const procedure = procedureOf(im.res);
        const c = `h:consumable/h:manufacturedProduct${tpl(T.immunizationMedication)}/h:manufacturedMaterial/h:code`;
        if (vaccine) {
          if (str(e, `${c}/@code`) !== vaccine.code) faults.push(`${im.key}: vaccine code`);
        } else if (procedure) {
          const p = snomed(procedure);
          if (p && str(e, `${c}/h:translation/@code`) !== p.code) faults.push(`${im.key}: procedure code not carried with the vaccine`);
          if (p?.display && vaccineName(e) !== p.display) faults.push(`${im.key}: vaccine named "${vaccineName(e)}"`);
        }
        if ((vaccine || procedure) && !vaccineName(e)) faults.push(`${im.key}: vaccine not named`);
      }
      expect(faults).toEqual([]);
    });

    it('document → bundle: every Immunization Activity of the section is an Immunization of the bundle', () => {
      const acts = nodes(d.doc, `//h:section[h:code/@code='11369-6']/h:entry/h:substanceAdministration${tpl(T.immunizationActivity)}`);
      expect(acts.filter((a) => !identifiesSource(a, items)).length).toBe(0);
      expect(acts.length).toBe(items.length);
    });
  },
);
