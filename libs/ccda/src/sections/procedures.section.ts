import { ConversionContext } from '../conversion-context';
import { FhirResource, notes, str } from '../fhir/fhir-access.util';
import { writeTs } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { NarrativeTable } from '../narrative/narrative.util';
import { REFERRAL_COLUMNS, referralCells, referralCode, writeRequestAct } from './referral-parts.util';
import { SectionBuilder } from './section.builder';

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
 * document lists under Results, or as a problem (Condition) under Problems. The narrative says so
 * ("would be": whether any problem is a procedure is not known here), so that a reader does not take
 * an empty Procedures section for "no procedures".
 */
export function buildProcedures(ctx: ConversionContext, sb: SectionBuilder, referrals: FhirResource[], from: ProcedureSources): void {
  sb.paragraph(
    'GP Connect has no separate record of procedures: procedures coded at the GP practice are returned with the uncategorised data. ' +
      UNCATEGORISED[from.uncategorised] +
      (from.problems === 'returned' ? ' A procedure recorded as a problem would be listed in the Problems section.' : ''),
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
    sb.tryEntry(r, (w) =>
      writeRequestAct(w, ctx, r, row, {
        moodCode: 'EVN',
        template: TEMPLATES.procedureActivityAct,
        code: (x) => referralCode(x, r, row),
        status: r.status === 'completed' ? 'completed' : 'cancelled',
        time: (x) => writeTs(x, 'effectiveTime', str(r.authoredOn)),
        hasNotes,
      }),
    );
    table.row(row, referralCells(ctx, r, row));
  }
  table.close();
}
