import { ConversionContext } from '../conversion-context';
import {
  arr,
  clinicianTerm,
  codeableConcept,
  extension,
  extensions,
  FhirResource,
  isObj,
  notes,
  obj,
  str,
  subExtension,
} from '../fhir/fhir-access.util';
import { writeConcept, writeFixedCode, writeIvlTs, writeTemplate, writeTextRef } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate } from '../hl7/timestamp.util';
import { CellPart, join, NarrativeTable, notesCell } from '../narrative/narrative.util';
import { writeAuthor, writeComment, writeItemId } from './entry-parts.util';
import { valueText } from './observation-value.util';
import { SectionBuilder } from './section.builder';

/** A short, human label for a linked item ("Observation: Temperature"), for the problem's narrative row. */
export function itemLabel(res: FhirResource, ctx: ConversionContext): string {
  const idx = ctx.index;
  let term: string | undefined;
  switch (res.resourceType) {
    case 'MedicationStatement':
    case 'MedicationRequest': {
      const med = codeableConcept(res.medicationCodeableConcept) ?? codeableConcept(idx.peek(res.medicationReference)?.code);
      term = clinicianTerm(med);
      break;
    }
    case 'Immunization':
      term =
        clinicianTerm(codeableConcept(extension(res, 'Extension-CareConnect-VaccinationProcedure-1')?.valueCodeableConcept)) ??
        clinicianTerm(codeableConcept(res.vaccineCode));
      break;
    case 'Encounter':
      term = clinicianTerm(codeableConcept(arr(res.type)[0]));
      break;
    default:
      term = clinicianTerm(codeableConcept(res.code));
  }
  // Consultation notes are read here first: show the note itself, not just "Comment note".
  if (res.resourceType === 'Observation') {
    const value = valueText(res);
    if (value) term = join([term, value], ': ');
    if (str(res.comment)) term = join([term, '"' + str(res.comment) + '"'], ' ');
  }
  const when =
    str(res.effectiveDateTime) ??
    str(res.onsetDateTime) ??
    str(res.date) ??
    str(res.authoredOn) ??
    str(obj(res.effectivePeriod)?.start) ??
    str(obj(res.period)?.start) ??
    str(res.issued) ??
    str(res.assertedDate);
  return (
    join([TYPE_LABEL[res.resourceType] ?? res.resourceType, join([term, when ? '(' + displayDate(when) + ')' : undefined], ' ')], ': ') ??
    res.resourceType
  );
}

const TYPE_LABEL: Record<string, string> = {
  AllergyIntolerance: 'Allergy',
  MedicationStatement: 'Medication',
  MedicationRequest: 'Prescription',
  Immunization: 'Immunisation',
  Observation: 'Observation',
  DiagnosticReport: 'Investigation',
  Condition: 'Problem',
  Encounter: 'Consultation',
  ReferralRequest: 'Referral',
  ProcedureRequest: 'Request',
  DocumentReference: 'Document',
};

export function buildProblems(ctx: ConversionContext, sb: SectionBuilder, conditions: FhirResource[]): void {
  if (conditions.length === 0) return;
  const table = new NarrativeTable(sb.text, undefined, [
    'Problem',
    'Status',
    'Significance',
    'Onset',
    'Resolved',
    'Recorded',
    'Linked items',
    'Notes',
  ]);
  for (const c of conditions) {
    const row = ctx.nid('prb');
    const code = codeableConcept(c.code);
    const status = str(c.clinicalStatus);
    const completed = status === 'inactive' || status === 'resolved';
    const onset = str(c.onsetDateTime) ?? str(obj(c.onsetPeriod)?.start);
    const abatement = str(c.abatementDateTime) ?? str(obj(c.abatementPeriod)?.end) ?? str(obj(c.abatementPeriod)?.start);
    const asserted = str(c.assertedDate);
    ctx.seeDate(onset ?? asserted);
    const significance = str(extension(c, 'Extension-CareConnect-ProblemSignificance-1')?.valueCode);
    const linked: string[] = [];
    const actual = ctx.index.peek(extension(c, 'Extension-CareConnect-ActualProblem-1')?.valueReference);
    if (actual) linked.push('Recorded as ' + itemLabel(actual, ctx));
    for (const e of extensions(c, 'Extension-CareConnect-RelatedProblemHeader-1')) {
      const type = str(subExtension(e, 'type')?.valueCode);
      const target = ctx.index.peek(subExtension(e, 'target')?.valueReference);
      if (target) linked.push((type ? type + ' of ' : 'Related to ') + (clinicianTerm(codeableConcept(target.code)) ?? 'problem'));
    }
    for (const e of extensions(c, 'Extension-CareConnect-RelatedClinicalContent-1')) {
      const ref = e.valueReference;
      const target = ctx.index.peek(ref);
      if (target) linked.push(itemLabel(target, ctx));
      else if (isObj(ref) && str(ref.reference)) linked.push('Item not included in this record (' + str(ref.reference) + ')');
    }
    const noteList = notes(c);
    const ok = sb.tryEntry(c, (w) => {
      w.raw('<act classCode="ACT" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.problemConcernAct);
      writeItemId(w, ctx, c, 'concern');
      w.raw('<code code="CONC" codeSystem="2.16.840.1.113883.5.6" codeSystemName="HL7ActClass" displayName="Concern"/>');
      w.empty('statusCode', { code: completed ? 'completed' : 'active' });
      writeIvlTs(w, 'effectiveTime', asserted ?? onset, completed ? abatement : undefined, { withHigh: completed });
      w.raw('<entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.problemObservation);
      writeItemId(w, ctx, c);
      writeFixedCode(
        w,
        'code',
        { code: '64572001', codeSystem: '2.16.840.1.113883.6.96', codeSystemName: 'SNOMED CT', displayName: 'Condition' },
        {
          translation: { code: '75323-6', codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: 'Condition' },
        },
      );
      writeTextRef(w, row);
      w.raw('<statusCode code="completed"/>');
      writeIvlTs(w, 'effectiveTime', onset, abatement, { withHigh: completed });
      writeConcept(w, code, { tag: 'value', xsiType: 'CD', originalTextRef: row + '-term' });
      writeAuthor(w, ctx, ctx.index.peek(c.asserter), asserted);
      if (noteList.length) writeComment(w, row + '-note');
      w.raw('</observation></entryRelationship></act>');
    });
    const linkedCell: CellPart[] = linked.map((l, i) => ({ text: l, br: i > 0 }));
    table.row(row, [
      [{ id: row + '-term', text: clinicianTerm(code) ?? 'Unnamed problem' }],
      status ? status.charAt(0).toUpperCase() + status.slice(1) : undefined,
      significance,
      displayDate(onset),
      displayDate(abatement),
      displayDate(asserted),
      linkedCell,
      notesCell(row, noteList, ok),
    ]);
  }
  table.close();
}
