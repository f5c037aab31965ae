import {
  allDocuments,
  entriesFor,
  identifiesSource,
  nodes,
  routeFaults,
  snomed,
  sourceOf,
  str,
  T,
  tpl,
  ts,
  words,
} from './clinical-reader.util';
import { resources, type Json } from '../ccda-fixtures.util';

/**
 * Immunisations read back by template: every Immunization is one Immunization Activity (4.52) with its
 * date at source precision, given/not given, and a named vaccine in the Immunization Medication
 * Information (4.54): the vaccineCode, or, when GP Connect sends it as UNK, the vaccination procedure's
 * term as originalText with its SNOMED code as a translation. A vaccine with no name anywhere is a fault.
 * The people as GP Connect lists them: the recorder (EP, or the only practitioner) is the author at the
 * recorded date, the administrator (AP) the performer; the route is the FDA route with the SNOMED one.
 */

const docs = allDocuments();
const PROCEDURE = 'Extension-CareConnect-VaccinationProcedure-1';

/** The SDS user id an assignedAuthor/assignedEntity carries for a Practitioner ('' when it has none: id UNK). */
function sdsId(practitioner: Json | undefined): string {
  return (practitioner?.identifier ?? []).find((i: Json) => String(i.system).endsWith('sds-user-id'))?.value ?? '';
}

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

    it('the recorder is the author at the recorded date, the administrator the performer, the route an FDA code with the SNOMED route', () => {
      const faults: string[] = [];
      for (const im of items) {
        const e = entriesFor(d.doc, T.immunizationActivity, im)[0];
        if (!e) continue;
        const people = (im.res.practitioner ?? []).map((p: Json) => ({
          role: p.role?.coding?.[0]?.code as string | undefined,
          who: resources(d.bundle).find((r) => `${r.resourceType}/${r.id}` === p.actor?.reference),
        }));
        // GP Connect: the recorder is always listed, as EP, or alone; the administrator is AP, or the only one
        // listed when not only the recorder (EP). Several without roles: the record does not say who did what.
        const only = people.length === 1 ? people[0] : undefined;
        const recorder = (people.find((p: Json) => p.role === 'EP') ?? only)?.who;
        const administrator = (people.find((p: Json) => p.role === 'AP') ?? (only?.role !== 'EP' ? only : undefined))?.who;
        const recorded = (im.res.extension ?? []).find((x: Json) => /DateRecorded-1$/.test(String(x.url)))?.valueDateTime;
        const author = `h:author${tpl(T.authorParticipation)}`;
        if (recorder && recorded) {
          if (str(e, `${author}/h:time/@value`) !== ts(recorded))
            faults.push(`${im.key}: author time ${str(e, `${author}/h:time/@value`)}`);
          if (str(e, `${author}/h:assignedAuthor/h:id/@extension`) !== sdsId(recorder))
            faults.push(`${im.key}: author is not the recorder`);
          for (const c of nodes(e, `h:entryRelationship/h:act${tpl(T.commentActivity)}`))
            if (str(c, `${author}/h:assignedAuthor/h:id/@extension`) !== sdsId(recorder))
              faults.push(`${im.key}: note not authored by the recorder`);
        } else if (nodes(e, author).length) faults.push(`${im.key}: an author the record does not name`);
        if (administrator && str(e, 'h:performer/h:assignedEntity/h:id/@extension') !== sdsId(administrator))
          faults.push(`${im.key}: performer is not the administering practitioner`);
        if (!administrator && nodes(e, 'h:performer').length) faults.push(`${im.key}: a performer the record does not name`);
        for (const f of routeFaults(e, im.res.route)) faults.push(`${im.key}: ${f}`);
      }
      expect(faults).toEqual([]);
    });

    it('batch, manufacturer, dose and place in the course as the record gives them, and none where it gives none', () => {
      const faults: string[] = [];
      const product = `h:consumable/h:manufacturedProduct${tpl(T.immunizationMedication)}`;
      for (const im of items) {
        const e = entriesFor(d.doc, T.immunizationActivity, im)[0];
        if (!e) continue;
        const lot = str(e, `${product}/h:manufacturedMaterial/h:lotNumberText`);
        if (lot !== (im.res.lotNumber ?? '')) faults.push(`${im.key}: batch "${lot}" for "${im.res.lotNumber ?? ''}"`);
        const maker = resources(d.bundle).find((r) => `${r.resourceType}/${r.id}` === im.res.manufacturer?.reference);
        const made = str(e, `${product}/h:manufacturerOrganization/h:name`);
        if (made !== (maker?.name ?? '')) faults.push(`${im.key}: manufacturer "${made}" for "${maker?.name ?? ''}"`);
        const dq = im.res.doseQuantity;
        const dose = str(e, 'h:doseQuantity/@value') + ' ' + str(e, 'h:doseQuantity/@unit');
        const ucum = dq?.system === 'http://unitsofmeasure.org' ? dq.code : undefined;
        if (dose !== (ucum && dq.value !== undefined ? `${dq.value} ${ucum}` : ' ')) faults.push(`${im.key}: dose "${dose}"`);
        const seq = im.res.vaccinationProtocol?.[0]?.doseSequence;
        const read = str(e, `h:entryRelationship[@typeCode='COMP']/h:sequenceNumber/@value`);
        if (read !== (seq === undefined ? '' : String(seq))) faults.push(`${im.key}: dose ${read} of the course for ${seq}`);
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
