import { ConversionContext, crossCareUuid } from '../conversion-context';
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
  const p = itemParts(res, ctx);
  return join([p.type, p.text], ': ') ?? res.resourceType;
}

/** The kind of a linked item ("Observation") and what it says ("Temperature: 37 C (2020-01-02)"). */
export function itemParts(res: FhirResource, ctx: ConversionContext): { type: string; text?: string } {
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
  return {
    type: TYPE_LABEL[res.resourceType] ?? res.resourceType,
    text: join([term, when ? '(' + displayDate(when) + ')' : undefined], ' '),
  };
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

/**
 * What makes two Conditions the same problem: the same identifier value (the cross-care-setting one,
 * or the provider's data identifier, which GP systems set to the same UUID) and the same problem code.
 */
function problemKey(c: FhirResource): string | undefined {
  let u = crossCareUuid(c);
  if (!u) {
    for (const id of arr(c.identifier)) {
      const v = isObj(id) ? str(id.value)?.replace(/^urn:uuid:/, '') : undefined;
      if (v && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) {
        u = v.toLowerCase();
        break;
      }
    }
  }
  if (!u) return undefined;
  const code = codeableConcept(c.code);
  return u + '|' + (code?.coding?.find((x) => str(x.code))?.code ?? clinicianTerm(code) ?? '');
}

/**
 * GP Connect sends one Condition per problem header a problem is linked from (the problem itself, and
 * again for its allergies, medications, immunisations, investigations…), all with the same
 * identifier. They are one problem: one entry and one row, the links of every header together.
 * Without an identifier each Condition is its own problem.
 */
export function groupProblems(conditions: FhirResource[]): FhirResource[][] {
  const groups: FhirResource[][] = [];
  const byId = new Map<string, FhirResource[]>();
  for (const c of conditions) {
    const u = problemKey(c);
    const g = u ? byId.get(u) : undefined;
    if (g) {
      g.push(c);
      continue;
    }
    const fresh = [c];
    if (u) byId.set(u, fresh);
    groups.push(fresh);
  }
  // The header that records the problem itself (ActualProblem) speaks for the group.
  return groups.map((g) => {
    const main = g.find((c) => extension(c, 'Extension-CareConnect-ActualProblem-1')) ?? g[0];
    return [main, ...g.filter((c) => c !== main)];
  });
}

/** Links of a problem (every header of the group), deduplicated, as [kind, what] pairs in source order. */
function problemLinks(ctx: ConversionContext, group: FhirResource[]): { type: string; text: string }[] {
  const out: { type: string; text: string }[] = [];
  const seen = new Set<string>();
  const add = (type: string, text: string) => {
    const k = type + '\u0000' + text;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ type, text });
  };
  for (const c of group) {
    const actual = ctx.index.peek(extension(c, 'Extension-CareConnect-ActualProblem-1')?.valueReference);
    if (actual) {
      const p = itemParts(actual, ctx);
      add('Recorded as', join([p.type, p.text], ': ') ?? p.type);
    }
    for (const e of extensions(c, 'Extension-CareConnect-RelatedProblemHeader-1')) {
      const type = str(subExtension(e, 'type')?.valueCode);
      const target = ctx.index.peek(subExtension(e, 'target')?.valueReference);
      if (target) add(type ? type + ' of' : 'Related to', clinicianTerm(codeableConcept(target.code)) ?? 'problem');
    }
    for (const e of extensions(c, 'Extension-CareConnect-RelatedClinicalContent-1')) {
      const ref = e.valueReference;
      const target = ctx.index.peek(ref);
      if (target) {
        const p = itemParts(target, ctx);
        add(p.type, p.text ?? target.resourceType);
      } else if (isObj(ref) && str(ref.reference)) add('Not included in this record', str(ref.reference)!);
    }
  }
  return out;
}

/** One line per kind of linked item ("Observation (3): a; b; c"), so a long list stays readable. */
function linkedCell(links: { type: string; text: string }[]): CellPart[] {
  const byType = new Map<string, string[]>();
  for (const l of links) {
    const list = byType.get(l.type) ?? [];
    list.push(l.text);
    byType.set(l.type, list);
  }
  return [...byType].map(([type, texts], i) => ({
    text: (texts.length > 1 ? type + ' (' + texts.length + ')' : type) + ': ' + texts.join('; '),
    br: i > 0,
  }));
}

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
  for (const group of groupProblems(conditions)) {
    const c = group[0];
    const row = ctx.nid('prb');
    const code = codeableConcept(c.code);
    const status = str(c.clinicalStatus);
    const completed = status === 'inactive' || status === 'resolved';
    const onset = str(c.onsetDateTime) ?? str(obj(c.onsetPeriod)?.start);
    const abatement = str(c.abatementDateTime) ?? str(obj(c.abatementPeriod)?.end) ?? str(obj(c.abatementPeriod)?.start);
    const asserted = str(c.assertedDate);
    ctx.seeDate(onset ?? asserted);
    const significance = str(extension(c, 'Extension-CareConnect-ProblemSignificance-1')?.valueCode);
    const links = problemLinks(ctx, group);
    const noteList: string[] = [];
    for (const g of group) for (const n of notes(g)) if (!noteList.includes(n)) noteList.push(n);
    const asserter = ctx.index.peek(c.asserter);
    const ok = sb.tryEntry(group, (w) => {
      w.raw('<act classCode="ACT" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.problemConcernAct);
      writeItemId(w, ctx, c, 'concern');
      w.raw('<code code="CONC" codeSystem="2.16.840.1.113883.5.6" codeSystemName="HL7ActClass" displayName="Concern"/>');
      w.empty('statusCode', { code: completed ? 'completed' : 'active' });
      writeIvlTs(w, 'effectiveTime', asserted ?? onset, completed ? abatement : undefined, { withHigh: completed });
      writeAuthor(w, ctx, asserter, asserted);
      w.raw('<entryRelationship typeCode="SUBJ"><observation classCode="OBS" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.problemObservation);
      // Every header of the problem keeps its own id here, so each source item is identified once.
      for (const g of group) writeItemId(w, ctx, g);
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
      writeAuthor(w, ctx, asserter, asserted);
      if (noteList.length) writeComment(w, row + '-note', (cw) => writeAuthor(cw, ctx, asserter, asserted));
      w.raw('</observation></entryRelationship></act>');
    });
    table.row(row, [
      [{ id: row + '-term', text: clinicianTerm(code) ?? 'Unnamed problem' }],
      status ? status.charAt(0).toUpperCase() + status.slice(1) : undefined,
      significance,
      displayDate(onset),
      displayDate(abatement),
      displayDate(asserted),
      linkedCell(links),
      notesCell(row, noteList, ok),
    ]);
  }
  table.close();
}
