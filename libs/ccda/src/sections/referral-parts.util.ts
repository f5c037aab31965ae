import { ConversionContext } from '../conversion-context';
import { agentName, arr, clinicianTerm, codeableConcept, FhirResource, notes, obj, refDisplay, str } from '../fhir/fhir-access.util';
import { writeConcept, writeFixedCode, writeTemplate, writeTextRef } from '../hl7/datatypes.util';
import { TemplateRef } from '../hl7/template-ids';
import { displayDate } from '../hl7/timestamp.util';
import { join } from '../narrative/narrative.util';
import { XmlWriter } from '../xml/xml-writer.util';
import { writeAuthor, writeComment, writeItemId } from './entry-parts.util';
import { requestOccurrence } from './request-occurrence.util';

/**
 * What an open referral (Planned Act, Plan of Treatment) and a completed one (Procedure Activity Act,
 * Procedures) write alike: the code, the author, the table row.
 */

/** Open referrals (Plan of Treatment) and completed ones (Procedures) share one table layout. */
export const REFERRAL_COLUMNS = ['Date', 'Referral', 'Specialty / recipient', 'Priority', 'Reason', 'Status', 'Notes'];

/** Completed or cancelled referrals are history (Procedures); the rest are plans. */
export function isReferralDone(r: FhirResource): boolean {
  return r.status === 'completed' || r.status === 'cancelled' || r.status === 'entered-in-error';
}

/** The referral's code: the SNOMED service requested or type, else SNOMED 3457005 "Patient referral", with the words as originalText. */
export function referralCode(w: XmlWriter, r: FhirResource, row: string): void {
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
export function requestAuthor(ctx: ConversionContext, r: FhirResource): (w: XmlWriter) => void {
  const who = ctx.index.peek(obj(r.requester)?.agent);
  return (w) => writeAuthor(w, ctx, who, str(r.authoredOn));
}

/** The row of a referral in the Referrals table (same layout in both sections). */
export function referralCells(
  ctx: ConversionContext,
  r: FhirResource,
  row: string,
): (string | undefined | { id?: string; text?: string }[])[] {
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

/** What differs between the acts of a referral or diary entry: mood, template, code, status and time. */
export interface RequestActParts {
  moodCode: string;
  template: TemplateRef;
  code: (w: XmlWriter) => void;
  status: string;
  time: (w: XmlWriter) => void;
  /** The item has notes: a Comment Activity (`row-note`) by the same author follows. */
  hasNotes: boolean;
}

/**
 * The act of a referral or diary entry (Planned Act, Procedure Activity Act), in CDA order: template,
 * id, code, text, status, time, the requester as author, and its notes as a Comment Activity by them.
 */
export function writeRequestAct(w: XmlWriter, ctx: ConversionContext, r: FhirResource, row: string, a: RequestActParts): void {
  w.open('act', { classCode: 'ACT', moodCode: a.moodCode });
  writeTemplate(w, a.template);
  writeItemId(w, ctx, r);
  a.code(w);
  writeTextRef(w, row);
  w.empty('statusCode', { code: a.status });
  a.time(w);
  const author = requestAuthor(ctx, r);
  author(w);
  if (a.hasNotes) writeComment(w, row + '-note', author);
  w.end('act');
}
