import { ConversionContext } from '../conversion-context';
import {
  agentName,
  arr,
  clinicianTerm,
  codeableConcept,
  codings,
  CodeableConcept,
  extension,
  FhirResource,
  isObj,
  notes,
  str,
  subExtension,
} from '../fhir/fhir-access.util';
import { OID } from '../hl7/code-systems';
import { FixedCode, writeConcept, writeFixedCode, writeIvlTs, writeTemplate, writeTextRef } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate } from '../hl7/timestamp.util';
import { CellPart, join, NarrativeTable, notesCell } from '../narrative/narrative.util';
import { XmlWriter } from '../xml/xml-writer.util';
import { writeAuthor, writeComment, writeItemId } from './entry-parts.util';
import { SectionBuilder } from './section.builder';

const sct = (code: string, displayName: string): FixedCode => ({ code, codeSystem: OID.snomed, codeSystemName: 'SNOMED CT', displayName });

/** Allergy type from category × type (never a fixed "drug allergy"). */
export function allergyType(category: string | undefined, type: string | undefined): FixedCode {
  const cat = category === 'biologic' ? 'environment' : category;
  if (cat === 'medication') {
    if (type === 'allergy') return sct('416098002', 'Allergy to drug');
    if (type === 'intolerance') return sct('59037007', 'Intolerance to drug');
    return sct('419511003', 'Propensity to adverse reactions to drug');
  }
  if (cat === 'food') {
    if (type === 'allergy') return sct('414285001', 'Allergy to food');
    if (type === 'intolerance') return sct('235719002', 'Intolerance to food');
    return sct('418471000', 'Propensity to adverse reactions to food');
  }
  if (cat === 'environment') {
    if (type === 'allergy') return sct('419199007', 'Allergy to substance');
    return sct('418038007', 'Propensity to adverse reactions to substance');
  }
  if (type === 'allergy') return sct('419199007', 'Allergy to substance');
  if (type === 'intolerance') return sct('418038007', 'Propensity to adverse reactions to substance');
  return sct('420134006', 'Propensity to adverse reactions');
}

const NO_KNOWN: Record<string, FixedCode> = {
  '716186003': sct('419199007', 'Allergy to substance'),
  '409137002': sct('416098002', 'Allergy to drug'),
};

const SEVERITY: Record<string, FixedCode> = {
  mild: sct('255604002', 'Mild'),
  moderate: sct('6736007', 'Moderate'),
  severe: sct('24484000', 'Severe'),
};

const CRITICALITY: Record<string, FixedCode> = {
  low: { code: 'CRITL', codeSystem: OID.criticality, codeSystemName: 'HL7ObservationValue', displayName: 'low criticality' },
  high: { code: 'CRITH', codeSystem: OID.criticality, codeSystemName: 'HL7ObservationValue', displayName: 'high criticality' },
  'unable-to-assess': {
    code: 'CRITU',
    codeSystem: OID.criticality,
    codeSystemName: 'HL7ObservationValue',
    displayName: 'unable to assess criticality',
  },
};

/** Transfer-degraded allergy codes (GP2GP): kept as allergies with a reader note. */
const DEGRADED = new Set(['196461000000101', '196471000000108']);

interface Reaction {
  manifestation: CodeableConcept;
  id: string;
  severity?: string;
  onset?: string;
}

export function buildAllergies(ctx: ConversionContext, sb: SectionBuilder, items: FhirResource[], ended: Set<FhirResource>): void {
  if (items.length === 0) return;
  const table = new NarrativeTable(sb.text, undefined, [
    'Substance',
    'Type',
    'Reaction / severity',
    'Criticality',
    'Status',
    'Onset',
    'Recorded',
    'Ended (reason)',
    'Notes',
  ]);
  for (const a of items) {
    const row = ctx.nid('alg');
    const code = codeableConcept(a.code);
    const snomed = codings(code).find((c) => c.system === 'http://snomed.info/sct')?.code;
    const noKnown = snomed ? NO_KNOWN[snomed] : undefined;
    const category = str(arr<string>(a.category)[0]);
    const type = str(a.type);
    const typeCode = noKnown ?? allergyType(category, type);
    const endExt = extension(a, 'Extension-CareConnect-GPC-AllergyIntoleranceEnd-1');
    const endDate = str(subExtension(endExt, 'endDate')?.valueDateTime) ?? str(subExtension(endExt, 'endDate')?.valueDate);
    const endReason = str(subExtension(endExt, 'reasonEnded')?.valueString);
    const status = str(a.clinicalStatus);
    const completed = ended.has(a) || status === 'resolved' || status === 'inactive' || !!endExt;
    const asserted = str(a.assertedDate);
    const onset = str(a.onsetDateTime) ?? str(isObj(a.onsetPeriod) ? a.onsetPeriod.start : undefined);
    ctx.seeDate(onset ?? asserted);
    const reactions: Reaction[] = [];
    let rx = 0;
    for (const r of arr(a.reaction)) {
      if (!isObj(r)) continue;
      for (const m of arr(r.manifestation)) {
        const cc = codeableConcept(m);
        if (!cc) continue;
        reactions.push({ manifestation: cc, id: row + '-rx' + ++rx, severity: str(r.severity), onset: str(r.onset) });
      }
    }
    const noteText = notes(a);
    const term = clinicianTerm(code) ?? 'Unnamed allergy';
    const noteParts: string[] = [...noteText];
    if (snomed && DEGRADED.has(snomed))
      noteParts.push('Degraded during record transfer: the original entry could not be coded at the previous practice.');
    const recorder = agentName(ctx.index.peek(a.recorder) ?? ctx.index.peek(a.asserter));
    const verification = str(a.verificationStatus);

    let ok = true;
    ok = sb.tryEntry(a, (w) =>
      writeAllergyEntry(w, ctx, a, {
        row,
        typeCode,
        noKnown: !!noKnown,
        code,
        completed,
        asserted,
        onset,
        endDate,
        reactions,
        criticality: str(a.criticality),
        hasNotes: noteParts.length > 0,
        verification,
      }),
    );
    const reactionCell: CellPart[] = reactions.map((r, i) => ({
      id: r.id,
      text: (clinicianTerm(r.manifestation) ?? 'Reaction') + (r.severity ? ' (' + r.severity + ')' : ''),
      br: i > 0,
    }));
    table.row(row, [
      noKnown ? term : [{ id: row + '-sub', text: term }],
      noKnown
        ? 'No known allergy (negated assertion)'
        : verification === 'refuted'
          ? typeCode.displayName + ': refuted (not allergic)'
          : verification === 'unconfirmed'
            ? typeCode.displayName + ' (unconfirmed)'
            : typeCode.displayName,
      reactionCell,
      str(a.criticality),
      join([completed ? 'Resolved' : status ? cap(status) : undefined, verification ? cap(verification) : undefined]),
      displayDate(onset),
      join([displayDate(asserted), recorder], ' by '),
      completed ? join([displayDate(endDate), endReason ? '(' + endReason + ')' : undefined], ' ') : undefined,
      notesCell(row, noteParts, ok),
    ]);
  }
  table.close();
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

interface AllergyModel {
  row: string;
  typeCode: FixedCode;
  noKnown: boolean;
  code: CodeableConcept | undefined;
  completed: boolean;
  asserted?: string;
  onset?: string;
  endDate?: string;
  reactions: Reaction[];
  criticality?: string;
  hasNotes: boolean;
  verification?: string;
}

/**
 * SNOMED CT Finding context 408729009 = Known possible 410590009: the post-coordination SNOMED
 * gives for a finding that is suspected, not established. C-CDA R2.1 has no verification element,
 * so an unconfirmed allergy carries it as a qualifier of the allergy type (see the lib README).
 */
const UNCONFIRMED_QUALIFIER =
  '<qualifier><name code="408729009" codeSystem="2.16.840.1.113883.6.96" codeSystemName="SNOMED CT" displayName="Finding context"/>' +
  '<value code="410590009" codeSystem="2.16.840.1.113883.6.96" codeSystemName="SNOMED CT" displayName="Known possible"/></qualifier>';

function writeAllergyEntry(w: XmlWriter, ctx: ConversionContext, a: FhirResource, m: AllergyModel): void {
  w.raw('<act classCode="ACT" moodCode="EVN">');
  writeTemplate(w, TEMPLATES.allergyConcernAct);
  writeItemId(w, ctx, a, 'concern');
  w.raw('<code code="CONC" codeSystem="2.16.840.1.113883.5.6" codeSystemName="HL7ActClass" displayName="Concern"/>');
  w.empty('statusCode', { code: m.completed ? 'completed' : 'active' });
  writeIvlTs(w, 'effectiveTime', m.asserted, m.completed ? m.endDate : undefined, { withHigh: m.completed });
  const recorder = ctx.index.peek(a.recorder) ?? ctx.index.peek(a.asserter);
  writeAuthor(w, ctx, recorder, m.asserted);
  w.raw('<entryRelationship typeCode="SUBJ">');
  // A refuted allergy is the assertion that the patient is NOT allergic to the substance: negationInd
  // on the Allergy-Intolerance Observation, as HL7's approved "Not allergic to peanuts" example does.
  const negated = m.noKnown || m.verification === 'refuted';
  w.open('observation', { classCode: 'OBS', moodCode: 'EVN', negationInd: negated ? 'true' : undefined });
  writeTemplate(w, TEMPLATES.allergyObservation);
  writeItemId(w, ctx, a);
  w.raw('<code code="ASSERTION" codeSystem="2.16.840.1.113883.5.4" codeSystemName="HL7ActCode"/>');
  writeTextRef(w, m.row);
  w.raw('<statusCode code="completed"/>');
  writeIvlTs(w, 'effectiveTime', m.onset, m.completed ? m.endDate : undefined);
  if (m.verification === 'unconfirmed' && !m.noKnown) {
    const t = m.typeCode;
    w.open('value', {
      'xsi:type': 'CD',
      code: t.code,
      codeSystem: t.codeSystem,
      codeSystemName: t.codeSystemName,
      displayName: t.displayName,
    });
    w.raw(UNCONFIRMED_QUALIFIER);
    w.end('value');
  } else writeFixedCode(w, 'value', m.typeCode, { xsiType: 'CD' });
  writeAuthor(w, ctx, recorder, m.asserted);
  w.raw('<participant typeCode="CSM"><participantRole classCode="MANU"><playingEntity classCode="MMAT">');
  if (m.noKnown) w.empty('code', { nullFlavor: 'NA' });
  else writeConcept(w, m.code, { tag: 'code', originalTextRef: m.row + '-sub' });
  w.raw('</playingEntity></participantRole></participant>');
  for (const r of m.reactions) {
    w.raw('<entryRelationship typeCode="MFST" inversionInd="true"><observation classCode="OBS" moodCode="EVN">');
    writeTemplate(w, TEMPLATES.reactionObservation);
    writeItemId(w, ctx, a, r.id);
    w.raw('<code code="ASSERTION" codeSystem="2.16.840.1.113883.5.4" codeSystemName="HL7ActCode"/>');
    writeTextRef(w, r.id);
    w.raw('<statusCode code="completed"/>');
    // When the reaction began: its onset, else unknown (UNK). GP Connect states nothing about an end,
    // so no high is written: a high, even UNK, would say the reaction ended (at an unknown time).
    writeIvlTs(w, 'effectiveTime', r.onset, undefined);
    writeConcept(w, r.manifestation, { tag: 'value', xsiType: 'CD', originalTextRef: r.id });
    const sev = r.severity ? SEVERITY[r.severity] : undefined;
    if (sev) {
      w.raw('<entryRelationship typeCode="SUBJ" inversionInd="true"><observation classCode="OBS" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.severityObservation);
      w.raw('<code code="SEV" codeSystem="2.16.840.1.113883.5.4" codeSystemName="HL7ActCode" displayName="Severity Observation"/>');
      w.raw('<statusCode code="completed"/>');
      writeFixedCode(w, 'value', sev, { xsiType: 'CD' });
      w.raw('</observation></entryRelationship>');
    }
    w.raw('</observation></entryRelationship>');
  }
  // Criticality Observation (4.145): the record's criticality; when the record states none, the
  // value says so (nullFlavor NI). A negated assertion (no known allergy, refuted) has no allergy
  // whose criticality could be stated, so it has none.
  const crit = m.criticality ? CRITICALITY[m.criticality] : undefined;
  if (crit || !negated) {
    w.raw('<entryRelationship typeCode="SUBJ" inversionInd="true"><observation classCode="OBS" moodCode="EVN">');
    writeTemplate(w, TEMPLATES.criticalityObservation);
    w.raw('<code code="82606-5" codeSystem="2.16.840.1.113883.6.1" codeSystemName="LOINC" displayName="Criticality"/>');
    w.raw('<statusCode code="completed"/>');
    if (crit) writeFixedCode(w, 'value', crit, { xsiType: 'CD' });
    else w.raw('<value xsi:type="CD" nullFlavor="NI"/>');
    w.raw('</observation></entryRelationship>');
  }
  if (m.hasNotes) writeComment(w, m.row + '-note', (cw) => writeAuthor(cw, ctx, recorder, m.asserted));
  w.raw('</observation></entryRelationship></act>');
}
