import { ConversionContext } from '../conversion-context';
import { agentName, arr, clinicianTerm, codeableConcept, FhirResource, notes, obj, refDisplay, str } from '../fhir/fhir-access.util';
import { writeConcept, writeFixedCode, writeIvlTs, writeTemplate, writeTextRef, writeTs } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate } from '../hl7/timestamp.util';
import { join, NarrativeTable } from '../narrative/narrative.util';
import { XmlWriter } from '../xml/xml-writer.util';
import { writeAuthor, writeComment, writeItemId } from './entry-parts.util';
import { requestOccurrence } from './request-occurrence.util';
import { SectionBuilder } from './section.builder';

/** Open referrals (Plan of Treatment) and completed ones (Procedures) share one table layout. */
const REFERRAL_COLUMNS = ['Date', 'Referral', 'Specialty / recipient', 'Priority', 'Reason', 'Status', 'Notes'];

/** Completed or cancelled referrals are history (Procedures); the rest are plans. */
export function isReferralDone(r: FhirResource): boolean {
  return r.status === 'completed' || r.status === 'cancelled' || r.status === 'entered-in-error';
}

function referralCode(w: XmlWriter, r: FhirResource, row: string): void {
  const cc = codeableConcept(arr(r.serviceRequested)[0]) ?? codeableConcept(r.type);
  if (cc && cc.coding?.some((c) => c.system === 'http://snomed.info/sct' && c.code)) {
    writeConcept(w, cc, { tag: 'code', originalTextRef: row + '-what' });
  } else {
    writeFixedCode(
      w,
      'code',
      { code: '3457005', codeSystem: '2.16.840.1.113883.6.96', codeSystemName: 'SNOMED CT', displayName: 'Patient referral' },
      { originalTextRef: row + '-what' },
    );
  }
}

/**
 * Author Participation of a referral or diary entry: the requester (`requester.agent`, a Practitioner
 * or PractitionerRole of the bundle) when it was authored (`authoredOn`). Its notes are part of the
 * same record, so they have the same author. Nothing when the requester is not in the bundle.
 */
function requestAuthor(ctx: ConversionContext, r: FhirResource): (w: XmlWriter) => void {
  const who = ctx.index.peek(obj(r.requester)?.agent);
  return (w) => writeAuthor(w, ctx, who, str(r.authoredOn));
}

/** effectiveTime of a Planned Act: when the referral or diary entry is to happen; none when the record gives no date. */
function writePlannedTime(w: XmlWriter, r: FhirResource): void {
  const occ = requestOccurrence(r);
  if (occ?.period) writeIvlTs(w, 'effectiveTime', occ.start, occ.end);
  else if (occ?.at) writeTs(w, 'effectiveTime', occ.at);
}

function referralCells(ctx: ConversionContext, r: FhirResource, row: string): (string | undefined | { id?: string; text?: string }[])[] {
  const what = clinicianTerm(codeableConcept(arr(r.serviceRequested)[0])) ?? clinicianTerm(codeableConcept(r.type)) ?? 'Referral';
  const recipients = arr(r.recipient)
    .map((x) => agentName(ctx.index.peek(x)) ?? refDisplay(x))
    .filter(Boolean)
    .join(', ');
  const reason = arr(r.reasonCode)
    .map((c) => clinicianTerm(codeableConcept(c)))
    .filter(Boolean)
    .join(', ');
  const noteList = [...notes(r), ...(str(r.description) ? [str(r.description)!] : [])];
  return [
    displayDate(str(r.authoredOn) ?? requestOccurrence(r)?.at),
    [{ id: row + '-what', text: what }],
    join([clinicianTerm(codeableConcept(r.specialty)), recipients || undefined]),
    str(r.priority),
    reason || undefined,
    str(r.status),
    noteList.length ? [{ id: row + '-note', text: noteList.join('\n') }] : undefined,
  ];
}

export function buildPlanOfTreatment(
  ctx: ConversionContext,
  sb: SectionBuilder,
  referrals: FhirResource[],
  requests: FhirResource[],
): void {
  if (referrals.length) {
    const table = new NarrativeTable(sb.text, 'Referrals', REFERRAL_COLUMNS);
    for (const r of referrals) {
      const row = ctx.nid('ref');
      ctx.seeDate(str(r.authoredOn));
      const hasNotes = notes(r).length > 0 || !!str(r.description);
      sb.tryEntry(r, (w) => {
        w.open('act', { classCode: 'ACT', moodCode: r.intent === 'order' ? 'RQO' : 'INT' });
        writeTemplate(w, TEMPLATES.plannedAct);
        writeItemId(w, ctx, r);
        referralCode(w, r, row);
        writeTextRef(w, row);
        w.raw('<statusCode code="active"/>');
        writePlannedTime(w, r);
        const author = requestAuthor(ctx, r);
        author(w);
        if (hasNotes) writeComment(w, row + '-note', author);
        w.raw('</act>');
      });
      table.row(row, referralCells(ctx, r, row));
    }
    table.close();
  }
  if (requests.length) {
    const table = new NarrativeTable(sb.text, 'Planned activities and recalls', [
      'Due',
      'Activity',
      'Requested',
      'Requester',
      'Status',
      'Notes',
    ]);
    for (const p of requests) {
      const row = ctx.nid('pln');
      const occ = requestOccurrence(p);
      const due = occ?.at ?? occ?.start;
      const noteList = notes(p);
      sb.tryEntry(p, (w) => {
        w.open('act', { classCode: 'ACT', moodCode: p.intent === 'order' ? 'RQO' : 'INT' });
        writeTemplate(w, TEMPLATES.plannedAct);
        writeItemId(w, ctx, p);
        writeConcept(w, codeableConcept(p.code), { tag: 'code', originalTextRef: row + '-what' });
        writeTextRef(w, row);
        w.raw('<statusCode code="active"/>');
        writePlannedTime(w, p);
        const author = requestAuthor(ctx, p);
        author(w);
        if (noteList.length) writeComment(w, row + '-note', author);
        w.raw('</act>');
      });
      table.row(row, [
        displayDate(due) || (occ ? join([displayDate(str(occ.start)), displayDate(str(occ.end))], ' to ') : undefined),
        [{ id: row + '-what', text: clinicianTerm(codeableConcept(p.code)) ?? 'Planned activity' }],
        displayDate(str(p.authoredOn)),
        agentName(ctx.index.peek(obj(p.requester)?.agent)) ?? refDisplay(obj(p.requester)?.agent),
        str(p.status),
        noteList.length ? [{ id: row + '-note', text: noteList.join('\n') }] : undefined,
      ]);
    }
    table.close();
  }
}

/** How the record answered for a GP Connect area the Procedures narrative speaks of. */
export type AreaAnswer = 'returned' | 'not requested' | 'switched off';

export interface ProcedureSources {
  /** `linked only`: not requested, but uncategorised items came linked from another area (e.g. a problem). */
  uncategorised: AreaAnswer | 'linked only';
  problems: AreaAnswer;
  referrals: AreaAnswer;
}

const UNCATEGORISED: Record<ProcedureSources['uncategorised'], string> = {
  returned: 'This document lists the uncategorised data in the Results section.',
  'linked only':
    'The uncategorised data was not requested from the GP record; its items that came linked to other records (such as a problem) are listed in the Results section.',
  'not requested': 'The uncategorised data was not requested from the GP record.',
  'switched off': 'The uncategorised data is switched off at the GP practice.',
};

/**
 * Procedures section: completed and cancelled referrals. GP Connect 1.6 has no Procedure resource:
 * a procedure the practice codes is returned with the uncategorised data (Observation), which this
 * document lists under Results, or as a problem (Condition) under Problems. The narrative says so,
 * so that a reader does not take an empty Procedures section for "no procedures".
 */
export function buildProcedures(ctx: ConversionContext, sb: SectionBuilder, referrals: FhirResource[], from: ProcedureSources): void {
  sb.paragraph(
    'GP Connect has no separate record of procedures: procedures coded at the GP practice are returned with the uncategorised data. ' +
      UNCATEGORISED[from.uncategorised] +
      (from.problems === 'returned' ? ' A procedure recorded as a problem is listed in the Problems section.' : ''),
  );
  if (from.referrals === 'not requested') sb.paragraph('Referrals were not requested from the GP record.');
  else if (from.referrals === 'returned' && referrals.length === 0)
    sb.paragraph('No completed or cancelled referrals were returned by the GP practice.');
  if (referrals.length === 0) return;
  const table = new NarrativeTable(sb.text, 'Completed and cancelled referrals', REFERRAL_COLUMNS);
  for (const r of referrals) {
    const row = ctx.nid('prc');
    ctx.seeDate(str(r.authoredOn));
    const hasNotes = notes(r).length > 0 || !!str(r.description);
    sb.tryEntry(r, (w) => {
      w.raw('<act classCode="ACT" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.procedureActivityAct);
      writeItemId(w, ctx, r);
      referralCode(w, r, row);
      writeTextRef(w, row);
      w.empty('statusCode', { code: r.status === 'completed' ? 'completed' : 'cancelled' });
      writeTs(w, 'effectiveTime', str(r.authoredOn));
      const author = requestAuthor(ctx, r);
      author(w);
      if (hasNotes) writeComment(w, row + '-note', author);
      w.raw('</act>');
    });
    table.row(row, referralCells(ctx, r, row));
  }
  table.close();
}
