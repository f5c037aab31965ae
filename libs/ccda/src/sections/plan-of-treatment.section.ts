import { ConversionContext } from '../conversion-context';
import { agentName, clinicianTerm, codeableConcept, FhirResource, notes, obj, refDisplay, str } from '../fhir/fhir-access.util';
import { writeConcept, writeIvlTs, writeTs } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate } from '../hl7/timestamp.util';
import { join, NarrativeTable } from '../narrative/narrative.util';
import { XmlWriter } from '../xml/xml-writer.util';
import { REFERRAL_COLUMNS, referralCells, referralCode, writeRequestAct } from './referral-parts.util';
import { requestOccurrence } from './request-occurrence.util';
import { SectionBuilder } from './section.builder';

/** effectiveTime of a Planned Act: when the referral or diary entry is to happen; none when the record gives no date. */
function writePlannedTime(w: XmlWriter, r: FhirResource): void {
  const occ = requestOccurrence(r);
  if (occ?.period) writeIvlTs(w, 'effectiveTime', occ.start, occ.end);
  else if (occ?.at) writeTs(w, 'effectiveTime', occ.at);
}

/** Plan of Treatment: open referrals and diary entries (recalls), each a Planned Act (4.39). */
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
      sb.tryEntry(r, (w) =>
        writeRequestAct(w, ctx, r, row, {
          moodCode: r.intent === 'order' ? 'RQO' : 'INT',
          template: TEMPLATES.plannedAct,
          code: (x) => referralCode(x, r, row),
          status: 'active',
          time: (x) => writePlannedTime(x, r),
          hasNotes,
        }),
      );
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
      sb.tryEntry(p, (w) =>
        writeRequestAct(w, ctx, p, row, {
          moodCode: p.intent === 'order' ? 'RQO' : 'INT',
          template: TEMPLATES.plannedAct,
          code: (x) => writeConcept(x, codeableConcept(p.code), { tag: 'code', originalTextRef: row + '-what' }),
          status: 'active',
          time: (x) => writePlannedTime(x, p),
          hasNotes: noteList.length > 0,
        }),
      );
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
