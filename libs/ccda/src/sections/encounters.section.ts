import { ConversionContext } from '../conversion-context';
import {
  agentName,
  arr,
  clinicianTerm,
  codeableConcept,
  CodeableConcept,
  FhirResource,
  isObj,
  obj,
  refKey,
  str,
} from '../fhir/fhir-access.util';
import { LIST_CODES, listCode, listItems } from '../fhir/gp-connect-lists';
import { OID } from '../hl7/code-systems';
import { pickCodes, writeConcept, writeIvlTs, writeTemplate, writeTextRef } from '../hl7/datatypes.util';
import { escapeText } from '@gw/xml-escape';
import { XmlWriter } from '../xml/xml-writer.util';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate } from '../hl7/timestamp.util';
import { CellPart, join, NarrativeTable } from '../narrative/narrative.util';
import { itemLabel } from './problems.section';
import { writeItemId, writePerformer } from './entry-parts.util';
import { SectionBuilder } from './section.builder';
import { writeEncounterLocations } from './service-delivery-location.util';

/** Topic/heading structure of a consultation as reader lines ("Topic: Anxiety", "History: …"). */
function consultationLines(ctx: ConversionContext, consultationLists: FhirResource[], fallbackItems: FhirResource[]): CellPart[] {
  const lines: CellPart[] = [];
  const seen = new Set<FhirResource>();
  const walk = (list: FhirResource, depth: number) => {
    if (depth > 4 || seen.has(list)) return;
    seen.add(list);
    for (const item of listItems(ctx.index, list)) {
      if (item.resourceType === 'List') {
        const code = listCode(item);
        const label = code === LIST_CODES.topic ? 'Topic' : code === LIST_CODES.heading ? 'Heading' : 'Section';
        lines.push({ text: str(item.title) ?? label, styleCode: code === LIST_CODES.topic ? 'Bold' : 'Italics', br: true });
        walk(item, depth + 1);
      } else {
        lines.push({ text: '- ' + itemLabel(item, ctx), br: true });
      }
    }
  };
  for (const l of consultationLists) walk(l, 0);
  if (consultationLists.length === 0) for (const it of fallbackItems) lines.push({ text: '- ' + itemLabel(it, ctx), br: true });
  return lines;
}

/**
 * Encounter code. A GP Connect Encounter is a consultation and its type is usually text only
 * ("Surgery Consultation", "Telephone encounter"): the code is then SNOMED 11429006 "Consultation"
 * with the GP's type as originalText (words and narrative reference), so receivers that read the code
 * get a coded encounter and those that read originalText get the GP's term. A coded type is used as it is.
 */
function writeEncounterType(w: XmlWriter, type: CodeableConcept | undefined, ref: string): void {
  const term = clinicianTerm(type);
  if (pickCodes(type).primary || !term) {
    writeConcept(w, type, { tag: 'code', originalTextRef: ref });
    return;
  }
  w.raw('<code code="11429006" codeSystem="' + OID.snomed + '" codeSystemName="SNOMED CT" displayName="Consultation">');
  w.raw('<originalText>' + escapeText(term) + '<reference value="#' + ref + '"/></originalText></code>');
}

export function buildEncounters(
  ctx: ConversionContext,
  sb: SectionBuilder,
  encounters: FhirResource[],
  consultationLists: FhirResource[],
): void {
  if (encounters.length === 0) return;
  const listsByEncounter = new Map<string, FhirResource[]>();
  for (const l of consultationLists) {
    const k = refKey(l.encounter);
    if (!k) continue;
    const list = listsByEncounter.get(k) ?? [];
    list.push(l);
    listsByEncounter.set(k, list);
  }
  // Items that point at an encounter (Observation.context, Immunization.encounter…), for records without consultation Lists.
  const byContext = new Map<string, FhirResource[]>();
  for (const r of ctx.index.resources) {
    const k = refKey(r.context) ?? refKey(r.encounter);
    if (!k || r.resourceType === 'List') continue;
    const list = byContext.get(k) ?? [];
    list.push(r);
    byContext.set(k, list);
  }
  const table = new NarrativeTable(sb.text, undefined, ['Date', 'Type', 'Clinician', 'Location', 'Status', 'Topics, headings and items']);
  for (const e of encounters) {
    const row = ctx.nid('enc');
    const key = e.resourceType + '/' + (e.id ?? '');
    const type = codeableConcept(arr(e.type)[0]);
    const period = obj(e.period);
    const start = str(period?.start);
    const end = str(period?.end);
    ctx.seeDate(start);
    let performer: FhirResource | undefined;
    let recorder: FhirResource | undefined;
    for (const p of arr(e.participant)) {
      if (!isObj(p)) continue;
      const code = arr(p.type)
        .map((t) => codeableConcept(t)?.coding?.[0]?.code)
        .find(Boolean);
      const who = ctx.index.peek(p.individual);
      if (code === 'PPRF' && who) performer = who;
      else if (code === 'REC' && who) recorder = who;
      else if (!performer && who && !code) performer = who;
    }
    const location = agentName(ctx.index.peek(obj(arr(e.location)[0])?.location)) ?? agentName(ctx.index.peek(e.serviceProvider));
    const lines = consultationLines(ctx, listsByEncounter.get(key) ?? [], byContext.get(key) ?? []);
    sb.tryEntry(e, (w) => {
      w.raw('<encounter classCode="ENC" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.encounterActivity);
      writeItemId(w, ctx, e);
      writeEncounterType(w, type, row + '-type');
      writeTextRef(w, row);
      writeIvlTs(w, 'effectiveTime', start, end);
      writePerformer(w, performer);
      writeEncounterLocations(w, ctx, e);
      w.raw('</encounter>');
    });
    table.row(row, [
      join([displayDate(start), end ? displayDate(end) : undefined], ' to '),
      [{ id: row + '-type', text: clinicianTerm(type) ?? 'Consultation' }],
      join([agentName(performer), recorder && recorder !== performer ? 'recorded by ' + agentName(recorder) : undefined]),
      location,
      str(e.status),
      lines.map((l, i) => (i === 0 ? { ...l, br: false } : l)),
    ]);
  }
  table.close();
}
