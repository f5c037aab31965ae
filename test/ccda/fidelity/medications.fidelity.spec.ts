import { allDocuments, entriesFor, identifiesSource, nodes, snomed, sourceOf, str, T, tpl, ts, words } from './clinical-reader.util';
import { resources, type Json } from '../ccda-fixtures.util';

/**
 * Medications read back by template: every MedicationStatement is one Medication Activity (4.16) with
 * the dm+d code, start date at its precision, the dosage words in the Free Text Sig (4.147), the
 * patient instruction in an Instruction (4.20), and the structured dose, timing and route the
 * resource has; every Medication Activity in the section is a MedicationStatement of the bundle.
 */

const docs = allDocuments();

function dosageOf(bundle: Json, s: Json): Json | undefined {
  if (s.dosage?.[0]) return s.dosage[0];
  const planRef = (s.basedOn ?? []).map((b: Json) => String(b.reference ?? ''))[0];
  const plan = resources(bundle).find((r) => `${r.resourceType}/${r.id}` === planRef);
  return plan?.dosageInstruction?.[0];
}

function medicationCode(bundle: Json, s: Json): Json | undefined {
  if (s.medicationCodeableConcept) return snomed(s.medicationCodeableConcept);
  const ref = String(s.medicationReference?.reference ?? '');
  const med = resources(bundle).find((r) => `${r.resourceType}/${r.id}` === ref);
  return snomed(med?.code);
}

describe.each(docs.filter((d) => sourceOf(d.bundle, 'MedicationStatement').length > 0).map((d) => [d.name, d] as const))(
  'medications of %s',
  (_name, d) => {
    const statements = sourceOf(d.bundle, 'MedicationStatement');

    it('bundle → document: each statement is one Medication Activity with its code, start date, dosage words and structured dose', () => {
      const faults: string[] = [];
      for (const s of statements) {
        const found = entriesFor(d.doc, T.medicationActivity, s);
        if (found.length !== 1) {
          faults.push(`${s.key}: ${found.length} Medication Activities`);
          continue;
        }
        const e = found[0];
        const code = medicationCode(d.bundle, s.res);
        const mat = 'h:consumable/h:manufacturedProduct/h:manufacturedMaterial/h:code';
        if (code && (str(e, `${mat}/@code`) !== code.code || (code.display && str(e, `${mat}/@displayName`) !== code.display)))
          faults.push(`${s.key}: medication code ${str(e, `${mat}/@code`)} "${str(e, `${mat}/@displayName`)}"`);
        const start = ts(s.res.effectivePeriod?.start ?? s.res.effectiveDateTime);
        if (start && str(e, "h:effectiveTime[@xsi:type='IVL_TS']/h:low/@value") !== start) faults.push(`${s.key}: start date`);
        const dosage = dosageOf(d.bundle, s.res);
        const sig = words(e, `h:entryRelationship/h:substanceAdministration${tpl(T.freeTextSig)}/h:text`);
        if (dosage?.text && !sig.includes(dosage.text)) faults.push(`${s.key}: sig "${sig}" lacks "${dosage.text}"`);
        if (dosage?.patientInstruction) {
          const instr = words(e, `h:entryRelationship/h:act${tpl(T.instruction)}/h:text`);
          if (!instr.includes(dosage.patientInstruction)) faults.push(`${s.key}: instruction "${instr}"`);
          if (!sig.includes(dosage.patientInstruction)) faults.push(`${s.key}: sig lacks the patient instruction`);
        }
        const dq = dosage?.doseQuantity;
        if (dq?.value !== undefined && str(e, 'h:doseQuantity/@value') !== String(dq.value))
          faults.push(`${s.key}: doseQuantity ${str(e, 'h:doseQuantity/@value') || str(e, 'h:doseQuantity/@nullFlavor')} for ${dq.value}`);
        const rep = dosage?.timing?.repeat;
        if (rep?.period && rep.periodUnit) {
          const p = `h:effectiveTime[@operator='A' and @xsi:type='PIVL_TS']/h:period`;
          const want = rep.period / (rep.frequency || 1);
          if (Math.abs(Number(str(e, `${p}/@value`)) - want) > 1e-3 || str(e, `${p}/@unit`) !== rep.periodUnit)
            faults.push(`${s.key}: timing ${str(e, `${p}/@value`)} ${str(e, `${p}/@unit`)} for every ${want} ${rep.periodUnit}`);
        }
        const route = snomed(dosage?.route);
        if (route && str(e, 'h:routeCode/@code') !== route.code) faults.push(`${s.key}: route`);
      }
      expect(faults).toEqual([]);
    });

    it('document → bundle: every Medication Activity of the section is a MedicationStatement of the bundle, none twice', () => {
      const acts = nodes(d.doc, `//h:section[h:code/@code='10160-0']/h:entry/h:substanceAdministration${tpl(T.medicationActivity)}`);
      expect(acts.filter((a) => !identifiesSource(a, statements)).length).toBe(0);
      expect(acts.length).toBe(statements.length);
    });
  },
);
