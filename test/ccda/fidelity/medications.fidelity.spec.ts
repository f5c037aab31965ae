import {
  allDocuments,
  entriesFor,
  identifiesSource,
  nodes,
  routeFaults,
  sourceOf,
  snomed,
  str,
  T,
  tpl,
  ts,
  words,
} from './clinical-reader.util';
import { resources, type Json } from '../ccda-fixtures.util';

/**
 * Medications read back by template: every MedicationStatement is one Medication Activity (4.16) with
 * the dm+d code, start date at its precision, the dosage words in the Free Text Sig (4.147), the
 * patient instruction in an Instruction (4.20), and the structured dose, timing and route the
 * resource has (none for a stepped regimen, whose steps are all in the sig); the route as the FDA route
 * with the SNOMED route as translation; the plan as a Supply Order with quantity, validity and issues
 * allowed, nothing the record does not state; every Medication Activity in the section is a
 * MedicationStatement of the bundle.
 */

const docs = allDocuments();

/**
 * Printed dose units a receiver reads as the prescriber meant them: mass and volume. Others that happen
 * to be UCUM strings mean something else there ("u" the dalton, "U" the enzyme unit, for insulin units).
 */
const PRINTED_MASS_VOLUME: Record<string, string> = {
  mg: 'mg',
  g: 'g',
  mcg: 'ug',
  microgram: 'ug',
  micrograms: 'ug',
  ml: 'mL',
  mL: 'mL',
  L: 'L',
};

/**
 * The UCUM unit the dose must read back with: the UCUM code it is coded with; "1" for a count (no unit,
 * or a SNOMED/dm+d unit of product); a printed mass or volume unit; else none (the dose is unknown, UNK).
 */
function doseUnit(dq: Json): string | undefined {
  if (dq.system === 'http://unitsofmeasure.org') return dq.code;
  if (dq.system === 'http://snomed.info/sct' || dq.system === 'https://dmd.nhs.uk') return dq.code ? '1' : undefined;
  if (dq.unit === undefined && dq.code === undefined) return '1';
  return dq.system === undefined && dq.code === undefined ? PRINTED_MASS_VOLUME[dq.unit] : undefined;
}

function planOf(bundle: Json, s: Json): Json | undefined {
  const planRef = (s.basedOn ?? []).map((b: Json) => String(b.reference ?? ''))[0];
  return resources(bundle).find((r) => `${r.resourceType}/${r.id}` === planRef && r.resourceType === 'MedicationRequest');
}

/** The statement's dosage steps (the plan's when it has none), in `sequence` order. */
function dosagesOf(bundle: Json, s: Json): Json[] {
  const list: Json[] = s.dosage?.length ? s.dosage : (planOf(bundle, s)?.dosageInstruction ?? []);
  return [...list].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
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
        const steps = dosagesOf(d.bundle, s.res);
        const sig = words(e, `h:entryRelationship/h:substanceAdministration${tpl(T.freeTextSig)}/h:text`);
        for (const step of steps) {
          if (step.text && !sig.includes(step.text)) faults.push(`${s.key}: sig "${sig}" lacks "${step.text}"`);
          if (step.patientInstruction) {
            const instr = words(e, `h:entryRelationship/h:act${tpl(T.instruction)}/h:text`);
            if (!instr.includes(step.patientInstruction)) faults.push(`${s.key}: instruction "${instr}"`);
            if (!sig.includes(step.patientInstruction)) faults.push(`${s.key}: sig lacks the patient instruction`);
          }
        }
        // A stepped regimen ("two on the first day, then one a day") has no single dose or frequency:
        // none may be claimed for the whole medication.
        if (steps.length > 1) {
          if (str(e, 'h:doseQuantity/@value') || !str(e, 'h:doseQuantity/@nullFlavor'))
            faults.push(`${s.key}: one dose claimed for a stepped regimen`);
          if (nodes(e, "h:effectiveTime[@operator='A']").length) faults.push(`${s.key}: one frequency claimed for a stepped regimen`);
          continue;
        }
        const dosage = steps[0];
        const dq = dosage?.doseQuantity;
        const unit = dq ? doseUnit(dq) : undefined;
        if (dq?.value !== undefined && unit) {
          if (str(e, 'h:doseQuantity/@value') !== String(dq.value) || str(e, 'h:doseQuantity/@unit') !== unit)
            faults.push(
              `${s.key}: doseQuantity ${str(e, 'h:doseQuantity/@value') || str(e, 'h:doseQuantity/@nullFlavor')} for ${dq.value}`,
            );
        } else if (dq?.value !== undefined && (str(e, 'h:doseQuantity/@value') || str(e, 'h:doseQuantity/@nullFlavor') !== 'UNK'))
          faults.push(`${s.key}: a dose in "${dq.unit}" read as ${str(e, 'h:doseQuantity/@value')} ${str(e, 'h:doseQuantity/@unit')}`);
        const rep = dosage?.timing?.repeat;
        if (rep?.period && rep.periodUnit) {
          const p = `h:effectiveTime[@operator='A' and @xsi:type='PIVL_TS']/h:period`;
          const want = rep.period / (rep.frequency || 1);
          if (Math.abs(Number(str(e, `${p}/@value`)) - want) > 1e-3 || str(e, `${p}/@unit`) !== rep.periodUnit)
            faults.push(`${s.key}: timing ${str(e, `${p}/@value`)} ${str(e, `${p}/@unit`)} for every ${want} ${rep.periodUnit}`);
        }
        for (const f of routeFaults(e, dosage?.route)) faults.push(`${s.key}: ${f}`);
      }
      expect(faults).toEqual([]);
    });

    it('the plan is a Medication Supply Order (4.17) with quantity, validity and issues allowed as the record states them', () => {
      const faults: string[] = [];
      for (const s of statements) {
        const plan = planOf(d.bundle, s.res);
        const e = entriesFor(d.doc, T.medicationActivity, s)[0];
        if (!plan || !e) continue;
        const sup = nodes(e, `h:entryRelationship[@typeCode='REFR']/h:supply${tpl(T.supplyOrder)}`)[0];
        if (!sup) {
          faults.push(`${s.key}: no supply order for its plan`);
          continue;
        }
        const q = plan.dispenseRequest?.quantity;
        const qText = (q?.extension ?? []).find((x: Json) => String(x.url).endsWith('MedicationQuantityText-1'))?.valueString;
        const value = q?.value ?? (/^\d+(\.\d+)?$/.test(String(qText ?? '')) ? qText : undefined);
        if (value !== undefined && str(sup, 'h:quantity/@value') !== String(value))
          faults.push(`${s.key}: quantity ${str(sup, 'h:quantity/@value')}`);
        // A quantity given only in words is no number: nullFlavor, never a value.
        if (value === undefined && q && (str(sup, 'h:quantity/@value') || (qText && !str(sup, 'h:quantity/@nullFlavor'))))
          faults.push(`${s.key}: quantity in words read as "${str(sup, 'h:quantity/@value')}"`);
        const validity = plan.dispenseRequest?.validityPeriod;
        const high = str(sup, 'h:effectiveTime/h:high/@value');
        if (validity?.end && high !== ts(validity.end)) faults.push(`${s.key}: validity end ${high}`);
        if (validity && !validity.end && high) faults.push(`${s.key}: validity end ${high} invented`);
        // A completed or stopped authorisation has ended: a missing end is unknown, not absent.
        if (
          validity &&
          !validity.end &&
          ['completed', 'stopped'].includes(plan.status) &&
          str(sup, 'h:effectiveTime/h:high/@nullFlavor') !== 'UNK'
        )
          faults.push(`${s.key}: ended authorisation without an (unknown) end`);
        const repeat = (plan.extension ?? []).find((x: Json) => String(x.url).endsWith('MedicationRepeatInformation-1'));
        const allowed = (repeat?.extension ?? []).find((x: Json) => x.url === 'numberOfRepeatPrescriptionsAllowed');
        const n = allowed?.valuePositiveInt ?? allowed?.valueUnsignedInt;
        if (n !== undefined && str(sup, 'h:repeatNumber/@value') !== String(n))
          faults.push(`${s.key}: repeatNumber ${str(sup, 'h:repeatNumber/@value')}`);
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
