import { ConversionContext } from '../conversion-context';
import { clinicianTerm, codeableConcept, codings, FhirResource, str } from '../fhir/fhir-access.util';
import { writeConcept, writeTemplate, writeTextRef } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate, fhirToTs } from '../hl7/timestamp.util';
import { NarrativeTable } from '../narrative/narrative.util';
import { writeComment, writeItemId } from './entry-parts.util';
import { observationDate } from './results.section';
import { SectionBuilder } from './section.builder';

/** SNOMED codes of the C-CDA Smoking Status value set (2.16.840.1.113883.11.20.9.38). */
const SMOKING_STATUS = new Set([
  '449868002',
  '428041000124106',
  '8517006',
  '266919005',
  '77176002',
  '266927001',
  '428071000124103',
  '428061000124105',
]);

/** True when the Observation's own code is a smoking status finding and it has a date (single @value SHALL). */
export function isSmokingStatus(o: FhirResource): boolean {
  return (
    codings(codeableConcept(o.code)).some((c) => c.system === 'http://snomed.info/sct' && !!c.code && SMOKING_STATUS.has(c.code)) &&
    !!fhirToTs(observationDate(o))
  );
}

export function buildSocialHistory(ctx: ConversionContext, sb: SectionBuilder, items: FhirResource[]): void {
  if (items.length === 0) return;
  const table = new NarrativeTable(sb.text, undefined, ['Date', 'Smoking status', 'Comments']);
  for (const o of items) {
    const row = ctx.nid('soc');
    const when = observationDate(o);
    ctx.seeDate(when);
    const cmt = str(o.comment);
    const cc = codeableConcept(o.code);
    const smoking = {
      coding: (cc?.coding ?? []).filter((c) => c.system === 'http://snomed.info/sct' && !!c.code && SMOKING_STATUS.has(c.code)),
      text: cc?.text,
    };
    table.row(row, [
      displayDate(when),
      [{ id: row + '-val', text: clinicianTerm(cc) ?? '' }],
      cmt ? [{ id: row + '-cmt', text: cmt }] : undefined,
    ]);
    sb.tryEntry(o, (w) => {
      w.raw('<observation classCode="OBS" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.smokingStatus);
      writeItemId(w, ctx, o);
      w.raw('<code code="72166-2" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="Tobacco smoking status NHIS"/>');
      writeTextRef(w, row);
      w.raw('<statusCode code="completed"/>');
      w.empty('effectiveTime', { value: fhirToTs(when) });
      writeConcept(w, smoking, { tag: 'value', xsiType: 'CD', originalTextRef: row + '-val' });
      if (cmt) writeComment(w, row + '-cmt');
      w.raw('</observation>');
    });
  }
  table.close();
}
