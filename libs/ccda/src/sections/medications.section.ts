import { ConversionContext } from '../conversion-context';
import {
  arr,
  clinicianTerm,
  codeableConcept,
  CodeableConcept,
  extension,
  FhirResource,
  isObj,
  Json,
  notes,
  obj,
  str,
  subExtension,
} from '../fhir/fhir-access.util';
import { pqValue, ucumUnit, writeConcept, writeIvlTs, writeTemplate, writeTextRef } from '../hl7/datatypes.util';
import { escapeText } from '@gw/xml-escape';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate } from '../hl7/timestamp.util';
import { join, NarrativeTable, notesCell } from '../narrative/narrative.util';
import { XmlWriter } from '../xml/xml-writer.util';
import { writeAuthor, writeComment, writeItemId } from './entry-parts.util';
import {
  doseText,
  commonRoute,
  dosageSteps,
  patientInstructionText,
  sigText,
  structuredDosage,
  writeDoseParts,
  writeSite,
  writeTiming,
} from './medication-dosage.util';
import { writeRouteCode } from './route-code.util';
import { SectionBuilder } from './section.builder';

/** MedicationStatement.status → (moodCode, statusCode); FHIR words are never copied into statusCode. */
const STATUS: Record<string, { mood: 'EVN' | 'INT'; status: string }> = {
  active: { mood: 'EVN', status: 'active' },
  completed: { mood: 'EVN', status: 'completed' },
  stopped: { mood: 'EVN', status: 'aborted' },
  'on-hold': { mood: 'EVN', status: 'suspended' },
  intended: { mood: 'INT', status: 'active' },
  'entered-in-error': { mood: 'EVN', status: 'nullified' },
  'not-taken': { mood: 'EVN', status: 'cancelled' },
};

export interface MedicationModel {
  statement: FhirResource;
  medication?: CodeableConcept;
  plan?: FhirResource;
  issues: FhirResource[];
}

/** Statement → its plan (basedOn) and issues (orders based on the plan), by reference, never by position. */
export function linkMedications(
  ctx: ConversionContext,
  statements: FhirResource[],
  requests: FhirResource[],
): { models: MedicationModel[]; orphans: FhirResource[] } {
  const idx = ctx.index;
  const issuesByPlan = new Map<FhirResource, FhirResource[]>();
  for (const r of requests) {
    if (r.intent === 'plan') continue;
    for (const b of arr(r.basedOn)) {
      const plan = idx.peek(b);
      if (plan) {
        const list = issuesByPlan.get(plan) ?? [];
        list.push(r);
        issuesByPlan.set(plan, list);
      }
    }
  }
  const used = new Set<FhirResource>();
  const models: MedicationModel[] = [];
  for (const s of statements) {
    let plan: FhirResource | undefined;
    for (const b of arr(s.basedOn)) {
      const r = idx.resolve(b);
      if (r && r.resourceType === 'MedicationRequest') {
        plan = r;
        break;
      }
    }
    const issues = plan ? (issuesByPlan.get(plan) ?? []) : [];
    if (plan) used.add(plan);
    for (const i of issues) used.add(i);
    const medRes = idx.resolve(s.medicationReference) ?? (plan ? idx.peek(plan.medicationReference) : undefined);
    const medication =
      codeableConcept(s.medicationCodeableConcept) ??
      codeableConcept(medRes?.code) ??
      (plan ? codeableConcept(plan.medicationCodeableConcept) : undefined);
    models.push({ statement: s, medication, plan, issues });
  }
  return { models, orphans: requests.filter((r) => !used.has(r)) };
}

/** The quantity as the GP typed it (GP Connect quantity-text extension). */
function quantityWords(q: Json | undefined): string | undefined {
  return str(extension(q, 'Extension-CareConnect-GPC-MedicationQuantityText-1')?.valueString);
}

function quantityText(plan: FhirResource | undefined): string | undefined {
  const q = obj(obj(plan?.dispenseRequest)?.quantity);
  if (!q) return undefined;
  const text = quantityWords(q);
  const v = pqValue(q.value);
  const unit = str(q.unit) ?? str(q.code);
  const numeric = v ? join([v, unit], ' ') : undefined;
  if (text && numeric && text !== v) return text.includes(v!) ? text : text + ' (' + numeric + ')';
  return text ?? numeric;
}

/**
 * An acute prescription (GP Connect prescription type "acute") is a one-off: one issue is all it
 * allows, which is what the supply order's repeatNumber states when no repeat information is given.
 */
function isAcute(plan: FhirResource): boolean {
  const cc = codeableConcept(extension(plan, 'Extension-CareConnect-GPC-PrescriptionType-1')?.valueCodeableConcept);
  return (cc?.coding ?? []).some((c) => c.code === 'acute');
}

function codeText(cc: unknown): string | undefined {
  return clinicianTerm(codeableConcept(cc));
}

export function buildMedications(ctx: ConversionContext, sb: SectionBuilder, models: MedicationModel[], orphans: FhirResource[]): void {
  if (models.length === 0 && orphans.length === 0) return;
  const current = models.filter(
    (m) => m.statement.status === 'active' || m.statement.status === 'intended' || m.statement.status === 'on-hold',
  );
  const past = models.filter((m) => !current.includes(m));
  const headers = ['Medication', 'Dosage', 'Quantity', 'Type', 'Start', 'End', 'Last issued', 'Issues', 'Status (reason)', 'Notes'];
  for (const [caption, group] of [
    ['Current medication', current],
    ['Past medication', past],
  ] as const) {
    if (group.length === 0) continue;
    const table = new NarrativeTable(sb.text, caption, headers);
    for (const m of group) writeMedication(ctx, sb, table, m);
    table.close();
  }
  if (orphans.length) {
    const table = new NarrativeTable(sb.text, 'Prescriptions not linked to a medication statement', [
      'Medication',
      'Intent',
      'Dosage',
      'Quantity',
      'Authored',
      'Status',
    ]);
    for (const r of orphans) {
      const medRes = ctx.index.peek(r.medicationReference);
      const med = codeableConcept(r.medicationCodeableConcept) ?? codeableConcept(medRes?.code);
      table.row(ctx.nid('medrq'), [
        clinicianTerm(med) ?? 'Medication not named',
        str(r.intent),
        sigText(dosageSteps(r.dosageInstruction)),
        quantityText(r),
        displayDate(str(r.authoredOn)),
        str(r.status),
      ]);
      sb.narrativeItem(r, 'prescription not linked to any MedicationStatement');
    }
    table.close();
  }
}

function writeMedication(ctx: ConversionContext, sb: SectionBuilder, table: NarrativeTable, m: MedicationModel): void {
  const s = m.statement;
  const row = ctx.nid('med');
  const steps = arr(s.dosage).some(isObj) ? dosageSteps(s.dosage) : dosageSteps(m.plan?.dosageInstruction);
  const dosage = structuredDosage(steps);
  const dosageText = sigText(steps);
  const instruction = patientInstructionText(steps);
  const route = codeableConcept(commonRoute(steps));
  const routeText = clinicianTerm(route);
  const period = obj(s.effectivePeriod);
  const start = str(period?.start) ?? str(s.effectiveDateTime);
  const end = str(period?.end);
  ctx.seeDate(start);
  const lastIssued =
    str(extension(s, 'MedicationStatementLastIssueDate-1')?.valueDateTime) ??
    str(extension(s, 'Extension-CareConnect-GPC-MedicationStatementLastIssueDate-1')?.valueDateTime);
  const plan = m.plan;
  const repeat = extension(plan, 'Extension-CareConnect-GPC-MedicationRepeatInformation-1');
  const allowed = subExtension(repeat, 'numberOfRepeatPrescriptionsAllowed');
  const issued = subExtension(repeat, 'numberOfRepeatPrescriptionsIssued');
  const allowedN = allowed ? (allowed.valuePositiveInt ?? allowed.valueUnsignedInt) : undefined;
  const issuedN = issued ? (issued.valuePositiveInt ?? issued.valueUnsignedInt) : undefined;
  const prescriptionType = codeText(extension(plan, 'Extension-CareConnect-GPC-PrescriptionType-1')?.valueCodeableConcept);
  const agency = codeText(extension(s, 'Extension-CareConnect-GPC-PrescribingAgency-1')?.valueCodeableConcept);
  const reasonExt = extension(plan, 'Extension-CareConnect-GPC-MedicationStatusReason-1');
  const statusReason = reasonExt ? codeText(subExtension(reasonExt, 'statusReason')?.valueCodeableConcept) : undefined;
  const ownNotes = notes(s);
  const noteList = plan ? [...ownNotes, ...notes(plan).filter((n) => !ownNotes.includes(n))] : ownNotes;
  const qty = quantityText(plan);
  const duration = obj(obj(plan?.dispenseRequest)?.expectedSupplyDuration);
  const durationText = duration ? join([pqValue(duration.value), str(duration.unit) ?? str(duration.code)], ' ') : undefined;
  // "When required" for the medication only when every step is.
  const prn = steps.length > 0 && steps.every((d) => d.asNeededBoolean === true || isObj(d.asNeededCodeableConcept));
  const prnConcept = dosage ? codeableConcept(dosage.asNeededCodeableConcept) : undefined;
  const issueCount =
    issuedN !== undefined
      ? String(issuedN) + (allowedN !== undefined ? ' of ' + String(allowedN) : '')
      : m.issues.length
        ? String(m.issues.length)
        : undefined;
  const map = STATUS[String(s.status)] ?? { mood: 'EVN' as const, status: 'active' };
  const medTerm = clinicianTerm(m.medication) ?? 'Medication not named';

  const ok = sb.tryEntry([s, ...(plan ? [plan] : [])], (w) => {
    w.open('substanceAdministration', { classCode: 'SBADM', moodCode: map.mood });
    writeTemplate(w, TEMPLATES.medicationActivity);
    writeItemId(w, ctx, s);
    writeTextRef(w, row);
    w.empty('statusCode', { code: map.status });
    writeIvlTs(w, 'effectiveTime', start, end, { xsiType: true });
    writeTiming(w, dosage);
    writeRouteCode(w, route, routeText ? row + '-route' : undefined);
    writeSite(w, dosage);
    writeDoseParts(w, dosage, steps.length > 1);
    writeMedicationInformation(w, 'consumable', m.medication, row + '-med');
    // The authorising clinician: the plan's recorder (or requester) when the plan was authored.
    const author = plan
      ? { who: ctx.index.peek(plan.recorder) ?? ctx.index.peek(obj(plan.requester)?.agent), when: str(plan.authoredOn) }
      : undefined;
    if (author) writeAuthor(w, ctx, author.who, author.when);
    // The sig and the instruction carry the words themselves (ED is mixed content) as well as the
    // narrative reference: receivers that read only the text content otherwise get no instructions.
    const sig = join([dosageText, instruction ? 'Patient instruction: ' + instruction : undefined], '. ');
    if (sig) {
      w.raw('<entryRelationship typeCode="COMP"><substanceAdministration classCode="SBADM" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.medicationFreeTextSig);
      w.raw('<code code="76662-6" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="Instructions Medication"/>');
      w.raw('<text>' + escapeText(sig) + '<reference value="#' + row + (dosageText ? '-sig' : '-instr') + '"/></text>');
      w.raw('<consumable><manufacturedProduct><manufacturedLabeledDrug nullFlavor="NA"/></manufacturedProduct></consumable>');
      w.raw('</substanceAdministration></entryRelationship>');
    }
    if (instruction) {
      w.raw('<entryRelationship typeCode="SUBJ" inversionInd="true"><act classCode="ACT" moodCode="INT">');
      writeTemplate(w, TEMPLATES.instruction);
      w.raw(
        '<code code="422037009" codeSystem="2.16.840.1.113883.6.96" codeSystemName="SNOMED CT" displayName="Provider instructions for patient"/>',
      );
      w.raw('<text>' + escapeText(instruction) + '<reference value="#' + row + '-instr"/></text>');
      w.raw('<statusCode code="completed"/>');
      w.raw('</act></entryRelationship>');
    }
    if (plan) writeSupplyOrder(w, ctx, plan, m.medication, row, allowedN ?? (isAcute(plan) ? 1 : undefined));
    if (noteList.length) writeComment(w, row + '-note', author && ((cw) => writeAuthor(cw, ctx, author.who, author.when)));
    if (prn) {
      w.raw('<precondition typeCode="PRCN"><criterion>');
      writeTemplate(w, TEMPLATES.precondition);
      w.raw('<code code="ASSERTION" codeSystem="2.16.840.1.113883.5.4" codeSystemName="HL7ActCode"/>');
      if (prnConcept) writeConcept(w, prnConcept, { tag: 'value', xsiType: 'CD', originalTextRef: row + '-prn' });
      else w.raw('<value xsi:type="CD" nullFlavor="NI"><originalText><reference value="#' + row + '-prn"/></originalText></value>');
      w.raw('</criterion></precondition>');
    }
    w.end('substanceAdministration');
  });

  for (const issue of m.issues) sb.narrativeItem(issue, 'issue of a prescription: counted in its medication row (issues, last issued)');
  table.row(row, [
    [{ id: row + '-med', text: medTerm }],
    [
      ...(dosageText ? [{ id: row + '-sig', text: dosageText }] : []),
      ...(doseText(dosage) && !dosageText ? [{ text: 'Dose: ' + doseText(dosage) }] : []),
      // The label stays outside the referenced element: routeCode/originalText is the route words only.
      ...(routeText
        ? [
            { text: 'Route: ', br: true },
            { id: row + '-route', text: routeText },
          ]
        : []),
      ...(instruction ? [{ id: row + '-instr', text: 'Patient instruction: ' + instruction, br: true }] : []),
      ...(prn
        ? [{ id: row + '-prn', text: 'When required' + (prnConcept ? ': ' + (clinicianTerm(prnConcept) ?? '') : ''), br: true }]
        : []),
    ],
    join([qty, durationText ? 'supply ' + durationText : undefined]),
    join([prescriptionType, agency]),
    displayDate(start),
    displayDate(end),
    displayDate(lastIssued),
    issueCount,
    join(
      [
        str(s.status),
        statusReason ? '(' + statusReason + ')' : undefined,
        plan && plan.status !== s.status ? 'authorisation ' + str(plan.status) : undefined,
      ],
      ' ',
    ),
    notesCell(row, noteList, ok),
  ]);
}

/** Medication Information (4.23): templateId, then manufacturedMaterial with the dm+d (SNOMED CT) code. */
export function writeMedicationInformation(
  w: XmlWriter,
  tag: 'consumable' | 'product',
  med: CodeableConcept | undefined,
  ref: string,
): void {
  w.raw('<' + tag + '><manufacturedProduct classCode="MANU">');
  writeTemplate(w, TEMPLATES.medicationInformation);
  w.raw('<manufacturedMaterial>');
  writeConcept(w, med, { tag: 'code', originalTextRef: ref });
  w.raw('</manufacturedMaterial></manufacturedProduct></' + tag + '>');
}

function writeSupplyOrder(
  w: XmlWriter,
  ctx: ConversionContext,
  plan: FhirResource,
  med: CodeableConcept | undefined,
  row: string,
  allowed: unknown,
): void {
  const dr = obj(plan.dispenseRequest);
  const validity = obj(dr?.validityPeriod);
  const status =
    plan.status === 'active'
      ? 'active'
      : plan.status === 'completed'
        ? 'completed'
        : plan.status === 'stopped' || plan.status === 'cancelled'
          ? 'aborted'
          : plan.status === 'on-hold'
            ? 'suspended'
            : 'active';
  w.raw('<entryRelationship typeCode="REFR"><supply classCode="SPLY" moodCode="INT">');
  writeTemplate(w, TEMPLATES.medicationSupplyOrder);
  writeItemId(w, ctx, plan);
  w.empty('statusCode', { code: status });
  // GP Connect gives validityPeriod.end wherever an authorisation has a defined end. A completed or
  // stopped one has ended, so a missing end is an unknown date (high UNK); an active open-ended
  // repeat has no end to state.
  const ended = plan.status === 'completed' || plan.status === 'stopped' || plan.status === 'cancelled';
  if (validity) writeIvlTs(w, 'effectiveTime', str(validity.start), str(validity.end), { xsiType: true, withHigh: ended });
  if (typeof allowed === 'number' && Number.isInteger(allowed) && allowed >= 0) w.empty('repeatNumber', { value: allowed });
  const q = obj(dr?.quantity);
  const unit = ucumUnit(q);
  const v = pqValue(q?.value) ?? pqValue(quantityWords(q));
  // Without a UCUM unit the quantity is a count of the product's own units (28 tablets), which is
  // what a PQ with the default unit "1" states; a non-count printed unit is kept in the narrative.
  // A quantity the record gives only in words ("5 pens", "varies with the schedule") is not a PQ
  // value: nullFlavor OTH, and the words are in the narrative's quantity column.
  if (q && v && unit) w.empty('quantity', { value: v, unit });
  else if (q && v) w.empty('quantity', { value: v });
  else if (q && quantityWords(q)) w.empty('quantity', { nullFlavor: 'OTH' });
  writeMedicationInformation(w, 'product', med, row + '-med');
  w.raw('</supply></entryRelationship>');
}
