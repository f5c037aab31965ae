import { ConversionContext } from '../conversion-context';
import { clinicianTerm, codeableConcept, codings, FhirResource, str } from '../fhir/fhir-access.util';
import { FixedCode, writeConcept, writeFixedCode, writeTemplate, writeTextRef, writeTs } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate, fhirToTs } from '../hl7/timestamp.util';
import { NarrativeTable } from '../narrative/narrative.util';
import { writeComment, writeItemId } from './entry-parts.util';
import { writeObservationAuthor } from './observation-author.util';
import { hasObservationValue, observationDate } from './results.section';
import { SectionBuilder } from './section.builder';
import { valueText, writeObservationValue } from './observation-value.util';

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

/** The social history topics GP records hold besides smoking status, with their Social History Type codes. */
interface Topic {
  /** SNOMED observable for a finding recorded without a value (the finding becomes the value). */
  observable: FixedCode;
  /** LOINC translation: the Social History Observation's code SHALL have one when it is not LOINC (CONF:1198-32951). */
  loinc: FixedCode;
}
const SCT = '2.16.840.1.113883.6.96';
const LN = '2.16.840.1.113883.6.1';
const ALCOHOL: Topic = {
  observable: { code: '160573003', codeSystem: SCT, codeSystemName: 'SNOMED CT', displayName: 'Alcohol intake' },
  loinc: { code: '11331-6', codeSystem: LN, codeSystemName: 'LOINC', displayName: 'History of Alcohol use' },
};
const TOBACCO: Topic = {
  observable: { code: '229819007', codeSystem: SCT, codeSystemName: 'SNOMED CT', displayName: 'Tobacco use and exposure' },
  loinc: { code: '11367-0', codeSystem: LN, codeSystemName: 'LOINC', displayName: 'History of Tobacco use' },
};

/** GP SNOMED codes for alcohol and tobacco use (observables with a quantity, and findings). */
const TOPIC_BY_CODE = new Map<string, Topic>();
for (const c of ['160573003', '1082641000000106', '228958009', '897148007', '219006', '105542008', '86933000', '228276006'])
  TOPIC_BY_CODE.set(c, ALCOHOL);
for (const c of ['229819007', '230056004', '266918002', '65568007', '160603005', '160604004', '160605003', '401159003'])
  TOPIC_BY_CODE.set(c, TOBACCO);

/** True when the Observation's own code is a smoking status finding and it has a date (single @value SHALL). */
export function isSmokingStatus(o: FhirResource): boolean {
  return (
    codings(codeableConcept(o.code)).some((c) => c.system === 'http://snomed.info/sct' && !!c.code && SMOKING_STATUS.has(c.code)) &&
    !!fhirToTs(observationDate(o))
  );
}

function topicOf(o: FhirResource): Topic | undefined {
  for (const c of codings(codeableConcept(o.code))) {
    if (c.system !== 'http://snomed.info/sct' || !c.code) continue;
    const t = TOPIC_BY_CODE.get(c.code);
    if (t) return t;
  }
  return undefined;
}

/** Alcohol and tobacco observations other than smoking status: Social History Observations, not results. */
export function isSocialObservation(o: FhirResource): boolean {
  return !isSmokingStatus(o) && !!topicOf(o);
}

export function buildSocialHistory(ctx: ConversionContext, sb: SectionBuilder, items: FhirResource[], social: FhirResource[] = []): void {
  if (items.length > 0) buildSmokingStatus(ctx, sb, items);
  if (social.length > 0) buildSocialObservations(ctx, sb, social);
}

function buildSmokingStatus(ctx: ConversionContext, sb: SectionBuilder, items: FhirResource[]): void {
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
      writeObservationAuthor(w, ctx, o);
      if (cmt) writeComment(w, row + '-cmt');
      w.raw('</observation>');
    });
  }
  table.close();
}

/**
 * Social History Observation (4.38): an observable with its value (e.g. alcohol units per week → PQ
 * `{units}/wk`) keeps the GP's code with the LOINC history code as translation; a finding recorded
 * without a value (e.g. "Current drinker of alcohol") is the value of the topic's observable.
 */
function buildSocialObservations(ctx: ConversionContext, sb: SectionBuilder, items: FhirResource[]): void {
  const table = new NarrativeTable(sb.text, 'Alcohol and tobacco', ['Date', 'Item', 'Value', 'Comments']);
  for (const o of items) {
    const topic = topicOf(o)!;
    const row = ctx.nid('soc');
    const when = observationDate(o);
    ctx.seeDate(when);
    const cmt = str(o.comment);
    const cc = codeableConcept(o.code);
    const withValue = hasObservationValue(o);
    table.row(row, [
      displayDate(when),
      [{ id: row + '-code', text: clinicianTerm(cc) ?? topic.observable.displayName! }],
      withValue ? [{ id: row + '-val', text: valueText(o) ?? '' }] : undefined,
      cmt ? [{ id: row + '-cmt', text: cmt }] : undefined,
    ]);
    sb.tryEntry(o, (w) => {
      w.raw('<observation classCode="OBS" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.socialHistoryObservation);
      writeItemId(w, ctx, o);
      if (withValue) writeConcept(w, cc, { tag: 'code', originalTextRef: row + '-code', extraTranslations: [topic.loinc] });
      else writeFixedCode(w, 'code', topic.observable, { translation: topic.loinc });
      writeTextRef(w, row);
      w.raw('<statusCode code="completed"/>');
      writeTs(w, 'effectiveTime', when);
      if (withValue) writeObservationValue(w, o, row + '-val');
      else writeConcept(w, cc, { tag: 'value', xsiType: 'CD', originalTextRef: row + '-code' });
      writeObservationAuthor(w, ctx, o);
      if (cmt) writeComment(w, row + '-cmt');
      w.raw('</observation>');
    });
  }
  table.close();
}
