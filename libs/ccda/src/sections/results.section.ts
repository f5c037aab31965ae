import { ConversionContext } from '../conversion-context';
import {
  agentName,
  arr,
  clinicianTerm,
  codeableConcept,
  codings,
  FhirResource,
  isObj,
  obj,
  refDisplay,
  str,
} from '../fhir/fhir-access.util';
import { OID } from '../hl7/code-systems';
import { writeConcept, writeFixedCode, writeTemplate, writeTextRef, writeTs } from '../hl7/datatypes.util';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate, fhirToTs, tsSortKey } from '../hl7/timestamp.util';
import { CellPart, join, NarrativeTable } from '../narrative/narrative.util';
import { XmlWriter } from '../xml/xml-writer.util';
import { writeComment, writeItemId } from './entry-parts.util';
import { rangesText, valueText, writeObservationValue, writeReferenceRanges } from './observation-value.util';
import { interpretationCell, writeInterpretation } from './observation-interpretation.util';
import { commentAuthor, writeObservationAuthor, writeSharedAuthor } from './observation-author.util';
import { SectionBuilder } from './section.builder';

/** Filing comments (SNOMED 37331000000100 "Comment note") are comments on a report, not results. */
export const COMMENT_NOTE = '37331000000100';

export function isCommentNote(o: FhirResource): boolean {
  return codings(codeableConcept(o.code)).some((c) => c.code === COMMENT_NOTE);
}

const REPORT_STATUS: Record<string, string> = {
  final: 'completed',
  amended: 'completed',
  corrected: 'completed',
  appended: 'completed',
  preliminary: 'active',
  partial: 'active',
  registered: 'active',
  cancelled: 'cancelled',
  'entered-in-error': 'cancelled',
};

export function observationDate(o: FhirResource, fallback?: string): string | undefined {
  return str(o.effectiveDateTime) ?? str(obj(o.effectivePeriod)?.start) ?? fallback ?? str(o.issued);
}

/** Observations a report consumes: results, their has-member children (test groups), recursively. */
export function reportObservations(ctx: ConversionContext, dr: FhirResource): FhirResource[] {
  const out: FhirResource[] = [];
  const seen = new Set<FhirResource>();
  const visit = (o: FhirResource | undefined, depth: number) => {
    if (!o || o.resourceType !== 'Observation' || seen.has(o) || depth > 4) return;
    seen.add(o);
    out.push(o);
    for (const rel of arr(o.related)) if (isObj(rel)) visit(ctx.index.resolve(rel.target), depth + 1);
  };
  for (const r of arr(dr.result)) visit(ctx.index.resolve(r), 0);
  return out;
}

interface Group {
  header?: FhirResource;
  members: FhirResource[];
}

function groupsOf(ctx: ConversionContext, dr: FhirResource): { groups: Group[]; comments: FhirResource[] } {
  const direct: FhirResource[] = [];
  const groups: Group[] = [];
  const comments: FhirResource[] = [];
  for (const ref of arr(dr.result)) {
    const o = ctx.index.peek(ref);
    if (!o || o.resourceType !== 'Observation') continue;
    if (isCommentNote(o)) {
      comments.push(o);
      continue;
    }
    const members = arr(o.related)
      .filter(isObj)
      .map((r) => ctx.index.peek(r.target))
      .filter((m): m is FhirResource => !!m && m.resourceType === 'Observation');
    if (members.length) {
      const results = members.filter((m) => !isCommentNote(m));
      comments.push(...members.filter(isCommentNote));
      groups.push({ header: o, members: results });
    } else direct.push(o);
  }
  if (direct.length) groups.push({ members: direct });
  return { groups, comments };
}

function resultStatus(o: FhirResource): string {
  return REPORT_STATUS[String(o.status)] ?? 'completed';
}

export function buildDiagnosticReports(ctx: ConversionContext, sb: SectionBuilder, reports: FhirResource[]): void {
  // One id per clinical item per document: results that several reports reference are encoded with
  // the first report only; later reports still list them in their narrative table.
  const encoded = new Set<FhirResource>();
  for (const dr of reports) {
    const code = codeableConcept(dr.code);
    const specimens = arr(dr.specimen)
      .map((s) => ctx.index.resolve(s))
      .filter((s): s is FhirResource => !!s);
    const specimen = specimens[0];
    const collected = str(obj(specimen?.collection)?.collectedDateTime) ?? str(obj(obj(specimen?.collection)?.collectedPeriod)?.start);
    const issued = str(dr.issued);
    const effective = str(dr.effectiveDateTime) ?? str(obj(dr.effectivePeriod)?.start) ?? collected;
    ctx.seeDate(effective ?? issued);
    const lab = arr(dr.performer)
      .map((p) => (isObj(p) ? (agentName(ctx.index.peek(p.actor)) ?? refDisplay(p.actor)) : undefined))
      .find(Boolean);
    const request = arr(dr.basedOn)
      .map((b) => ctx.index.peek(b))
      .find((r) => r?.resourceType === 'ProcedureRequest');
    const requester = request
      ? (agentName(ctx.index.peek(obj(request.requester)?.agent)) ?? refDisplay(obj(request.requester)?.agent))
      : undefined;
    const { groups, comments } = groupsOf(ctx, dr);
    const caption = join(
      [
        clinicianTerm(code) ?? 'Investigation',
        effective ? displayDate(effective) : undefined,
        specimens.length
          ? 'specimen: ' +
            specimens.map((s) => clinicianTerm(codeableConcept(s.type)) ?? 'unspecified').join(', ') +
            (collected ? ' collected ' + displayDate(collected) : '')
          : undefined,
        lab ? 'laboratory: ' + lab : undefined,
        issued ? 'reported ' + displayDate(issued) : undefined,
        requester
          ? 'requested by ' + requester + (str(request?.authoredOn) ? ' on ' + displayDate(str(request?.authoredOn)) : '')
          : undefined,
        'status: ' + (str(dr.status) ?? 'unknown'),
      ],
      '; ',
    );
    const table = new NarrativeTable(sb.text, caption, ['Test', 'Value', 'Reference range', 'Interpretation', 'Date', 'Comments']);
    const drRow = ctx.nid('res');
    const drComments = comments.map((c) => str(c.comment) ?? valueText(c)).filter((t): t is string => !!t);
    const reportNotes = typeof dr.conclusion === 'string' && dr.conclusion.trim() ? [dr.conclusion] : [];
    table.row(drRow, [
      [{ text: clinicianTerm(code) ?? 'Investigation', styleCode: 'Bold' }],
      undefined,
      undefined,
      undefined,
      displayDate(effective ?? issued),
      drComments.length || reportNotes.length ? [{ id: drRow + '-cmt', text: [...reportNotes, ...drComments].join('\n') }] : undefined,
    ]);
    let anyEntry = false;
    let sharedOnly = false;
    const rows = new Map<FhirResource, string>();
    for (const g of groups) {
      if (g.header) {
        const hr = ctx.nid('res');
        rows.set(g.header, hr);
        table.row(hr, [
          [{ text: clinicianTerm(codeableConcept(g.header.code)) ?? 'Test group', styleCode: 'Italics' }],
          valueText(g.header),
          undefined,
          undefined,
          displayDate(observationDate(g.header, collected)),
          str(g.header.comment),
        ]);
      }
      for (const m of g.members) {
        const r = ctx.nid('res');
        rows.set(m, r);
        table.row(r, resultCells(m, r, collected));
      }
      const fresh = g.members.filter((m) => !encoded.has(m));
      if (g.members.length === 0) continue;
      if (fresh.length === 0 || (g.header && encoded.has(g.header))) {
        sharedOnly = true;
        continue;
      }
      g.members = fresh;
      const organizerCode = g.header ? codeableConcept(g.header.code) : code;
      const consumed = g.header ? [g.header, ...g.members] : g.members;
      const ok = sb.tryEntry(consumed, (w) => {
        w.open('organizer', { classCode: g.header ? 'BATTERY' : 'CLUSTER', moodCode: 'EVN' });
        writeTemplate(w, TEMPLATES.resultOrganizer);
        writeItemId(w, ctx, g.header ?? dr, g.header ? undefined : 'results');
        writeConcept(w, organizerCode, { tag: 'code' });
        w.empty('statusCode', { code: REPORT_STATUS[String(dr.status)] ?? 'completed' });
        writeOrganizerTime(
          w,
          g.members.map((m) => observationDate(m, collected)),
        );
        if (specimen) {
          w.raw('<specimen><specimenRole>');
          writeItemId(w, ctx, specimen);
          w.raw('<specimenPlayingEntity>');
          writeConcept(w, codeableConcept(specimen.type), { tag: 'code' });
          w.raw('</specimenPlayingEntity></specimenRole></specimen>');
        }
        writeSharedAuthor(w, ctx, g.members);
        for (const m of g.members) {
          w.raw('<component>');
          writeResultObservation(w, ctx, m, rows.get(m)!, collected);
          w.raw('</component>');
        }
        w.end('organizer');
      });
      if (ok) for (const o of consumed) encoded.add(o);
      anyEntry = anyEntry || ok;
    }
    for (const c of comments) ctx.record(c, sb.spec.loinc, 'narrative', 'filing comment shown with its report');
    for (const s of specimens) ctx.record(s, sb.spec.loinc, 'narrative', 'specimen shown with its report and in each result organizer');
    if (request) ctx.record(request, sb.spec.loinc, 'narrative', 'request details shown with its report');
    if (anyEntry) ctx.record(dr, sb.spec.loinc, 'entry');
    else if (sharedOnly) sb.narrativeItem(dr, 'its results are encoded with another report that references them');
    else sb.narrativeItem(dr, groups.length ? 'report results could not be converted' : 'report has no results to encode');
    table.close();
  }
}

function resultCells(o: FhirResource, row: string, fallbackDate?: string): (string | undefined | CellPart[])[] {
  const cmt = str(o.comment);
  return [
    [{ id: row + '-code', text: clinicianTerm(codeableConcept(o.code)) ?? 'Result' }],
    codeableConcept(o.valueCodeableConcept)
      ? [{ id: row + '-val', text: valueText(o) ?? '' }]
      : (valueText(o) ?? (str(obj(o.dataAbsentReason)?.text) ? 'No value: ' + str(obj(o.dataAbsentReason)?.text) : undefined)),
    rangesText(o),
    interpretationCell(o, row),
    displayDate(observationDate(o, fallbackDate)),
    cmt ? [{ id: row + '-cmt', text: cmt }] : undefined,
  ];
}

function writeOrganizerTime(w: XmlWriter, dates: (string | undefined)[]): void {
  let low: string | undefined;
  let high: string | undefined;
  for (const d of dates) {
    const ts = fhirToTs(d);
    if (!ts) continue;
    if (!low || tsSortKey(ts) < tsSortKey(low)) low = ts;
    if (!high || tsSortKey(ts) > tsSortKey(high)) high = ts;
  }
  if (!low || !high) return;
  w.raw('<effectiveTime><low value="' + low + '"/><high value="' + high + '"/></effectiveTime>');
}

/**
 * Result Observation (4.2): id, code, text → row, status, time, one value, interpretation, author,
 * comment, ranges. The code is a LOINC coding of the record when it has one (CONF:1198-7133 SHOULD be
 * LOINC); GP results are coded in SNOMED CT, and that code is the `code` (a receiver reads `@code`),
 * the other codings its translations. No SNOMED → LOINC map is guessed.
 */
export function writeResultObservation(w: XmlWriter, ctx: ConversionContext, o: FhirResource, row: string, fallbackDate?: string): void {
  w.raw('<observation classCode="OBS" moodCode="EVN">');
  writeTemplate(w, TEMPLATES.resultObservation);
  writeItemId(w, ctx, o);
  writeConcept(w, codeableConcept(o.code), { tag: 'code', originalTextRef: row + '-code', preferredOid: OID.loinc });
  writeTextRef(w, row);
  w.empty('statusCode', { code: resultStatus(o) });
  writeTs(w, 'effectiveTime', observationDate(o, fallbackDate));
  writeObservationValue(w, o, row + '-val');
  writeInterpretation(w, o, row, 'NI');
  writeObservationAuthor(w, ctx, o);
  if (str(o.comment)) writeComment(w, row + '-cmt', commentAuthor(ctx, o));
  writeReferenceRanges(w, o, 'NI');
  w.raw('</observation>');
}

/** SNOMED CT 404684003 "Clinical finding": the code of a finding recorded without a value (the finding is the value). */
const CLINICAL_FINDING = { code: '404684003', codeSystem: OID.snomed, codeSystemName: 'SNOMED CT', displayName: 'Clinical finding' };

/**
 * Uncategorised observations that are neither vital signs nor smoking status: one CLUSTER organizer
 * (SNOMED 826501000000100 "Miscellaneous record") per consultation or date. Coded findings without a
 * value are encoded as 404684003 "Clinical finding" with the finding as the value; comment notes as ST.
 */
export function buildMiscellaneous(ctx: ConversionContext, sb: SectionBuilder, observations: FhirResource[]): void {
  if (observations.length === 0) return;
  const groups = new Map<string, FhirResource[]>();
  for (const o of observations) {
    const enc = obj(o.context) ? str(obj(o.context)!.reference) : undefined;
    const d = observationDate(o);
    const key = enc ? 'enc:' + enc : d ? 'date:' + d.slice(0, 10) : 'undated';
    const list = groups.get(key);
    if (list) list.push(o);
    else groups.set(key, [o]);
  }
  const table = new NarrativeTable(sb.text, 'Other observations (uncategorised data)', [
    'Date',
    'Item',
    'Value',
    'Reference range',
    'Interpretation',
    'Comments',
  ]);
  for (const [, list] of groups) {
    const rows = new Map<FhirResource, string>();
    for (const o of list) {
      const r = ctx.nid('obs');
      rows.set(o, r);
      ctx.seeDate(observationDate(o));
      const cmt = str(o.comment);
      const hasValue = hasObservationValue(o);
      table.row(r, [
        displayDate(observationDate(o)),
        [{ id: r + '-code', text: clinicianTerm(codeableConcept(o.code)) ?? 'Observation' }],
        codeableConcept(o.valueCodeableConcept) ? [{ id: r + '-val', text: valueText(o) ?? '' }] : valueText(o),
        rangesText(o),
        interpretationCell(o, r),
        cmt ? [{ id: hasValue ? r + '-cmt' : r + '-val', text: cmt }] : undefined,
      ]);
    }
    const first = list[0];
    sb.tryEntry(list, (w) => {
      w.raw('<organizer classCode="CLUSTER" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.resultOrganizer);
      writeItemId(w, ctx, first, 'group');
      writeFixedCode(w, 'code', {
        code: '826501000000100',
        codeSystem: '2.16.840.1.113883.6.96',
        codeSystemName: 'SNOMED CT',
        displayName: 'Miscellaneous record',
      });
      w.raw('<statusCode code="completed"/>');
      writeOrganizerTime(
        w,
        list.map((o) => observationDate(o)),
      );
      writeSharedAuthor(w, ctx, list);
      for (const o of list) {
        w.raw('<component>');
        writeMiscObservation(w, ctx, o, rows.get(o)!);
        w.raw('</component>');
      }
      w.raw('</organizer>');
    });
  }
  table.close();
}

export function hasObservationValue(o: FhirResource): boolean {
  return !!(
    obj(o.valueQuantity) ||
    str(o.valueString) ||
    codeableConcept(o.valueCodeableConcept) ||
    typeof o.valueBoolean === 'boolean' ||
    typeof o.valueInteger === 'number' ||
    str(o.valueDateTime) ||
    obj(o.valueRange) ||
    obj(o.valuePeriod)
  );
}

function writeMiscObservation(w: XmlWriter, ctx: ConversionContext, o: FhirResource, row: string): void {
  if (hasObservationValue(o)) {
    writeResultObservation(w, ctx, o, row);
    return;
  }
  const cmt = str(o.comment);
  w.raw('<observation classCode="OBS" moodCode="EVN">');
  writeTemplate(w, TEMPLATES.resultObservation);
  writeItemId(w, ctx, o);
  if (cmt && isCommentNote(o))
    writeConcept(w, codeableConcept(o.code), { tag: 'code', originalTextRef: row + '-code', preferredOid: OID.loinc });
  else writeFixedCode(w, 'code', CLINICAL_FINDING);
  writeTextRef(w, row);
  w.empty('statusCode', { code: resultStatus(o) });
  writeTs(w, 'effectiveTime', observationDate(o));
  if (cmt && isCommentNote(o)) w.leaf('value', cmt, { 'xsi:type': 'ST' });
  else writeConcept(w, codeableConcept(o.code), { tag: 'value', xsiType: 'CD', originalTextRef: row + '-code' });
  // A finding or a note has no result value: an interpretation or a reference range does not apply.
  writeInterpretation(w, o, row, 'NA');
  writeObservationAuthor(w, ctx, o);
  if (cmt && !isCommentNote(o)) writeComment(w, row + '-val', commentAuthor(ctx, o));
  writeReferenceRanges(w, o, 'NA');
  w.raw('</observation>');
}
