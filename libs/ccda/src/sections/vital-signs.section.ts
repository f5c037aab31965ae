import { ConversionContext } from '../conversion-context';
import { arr, clinicianTerm, codeableConcept, codings, FhirResource, isObj, Json, obj, str } from '../fhir/fhir-access.util';
import { pqValue, writeFixedCode, writeTemplate, writeTextRef, writeTs } from '../hl7/datatypes.util';
import { resolveUnit } from '../hl7/ucum.util';
import { TEMPLATES } from '../hl7/template-ids';
import { displayDate, fhirToTs } from '../hl7/timestamp.util';
import { NarrativeTable } from '../narrative/narrative.util';
import { writeComment, writeItemId } from './entry-parts.util';
import { commentAuthor, writeObservationAuthor, writeSharedAuthor } from './observation-author.util';
import { interpretationCell, interpretationText, writeVitalSignInterpretation } from './observation-interpretation.util';
import { observationDate } from './results.section';
import { SectionBuilder } from './section.builder';

/** Observed GP SNOMED codes → LOINC vital-sign codes. Anything not listed stays a result. */
const VITAL_LOINC: Record<string, { loinc: string; display: string }> = {};
function add(loinc: string, display: string, codes: string[]): void {
  for (const c of codes) VITAL_LOINC[c] = { loinc, display };
}
add('8480-6', 'Systolic blood pressure', ['72313002', '271649006', '163030003', '407554009', '1091791000000104']);
add('8462-4', 'Diastolic blood pressure', ['271650006', '1091811000000102', '163031004', '407555005']);
add('29463-7', 'Body weight', ['27113001', '162763007', '363808001', '784399000']);
add('8302-2', 'Body height', ['50373000', '162755006', '248333004', '1153637007']);
add('39156-5', 'Body mass index (BMI) [Ratio]', ['60621009', '301331008']);
add('8867-4', 'Heart rate', ['364075005', '78564009', '162986007', '843941000000100']);
add('8310-5', 'Body temperature', ['386725007', '703421000', '276885007', '415945006', '415882003']);
add('9279-1', 'Respiratory rate', ['86290005', '162913005', '271625008']);
add('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry', ['431314004', '103228002', '1097811000000106', '1097791000000100']);

/** Blood-pressure panels whose components are systolic and diastolic readings. */
const BP_PANELS = new Set(['75367002', '163020007', '386534000', '251076008']);

export interface VitalReading {
  source: FhirResource;
  /** Component index for panel readings. */
  part?: number;
  loinc: string;
  loincDisplay: string;
  gpCode: { code: string; display?: string };
  term: string;
  value: string;
  unit: string;
  printedUnit?: string;
  when?: string;
}

function snomedOf(cc: unknown): { code: string; display?: string } | undefined {
  const c = codings(codeableConcept(cc)).find((x) => x.system === 'http://snomed.info/sct' && str(x.code));
  return c ? { code: c.code!, display: str(c.display) } : undefined;
}

function reading(o: FhirResource, holder: Json, part?: number): VitalReading | undefined {
  const sct = snomedOf(holder.code);
  const map = sct ? VITAL_LOINC[sct.code] : undefined;
  const q = obj(holder.valueQuantity);
  const unit = resolveUnit(q).ucum;
  const value = pqValue(q?.value);
  if (!sct || !map || !unit || !value || str(q?.comparator)) return undefined;
  return {
    source: o,
    part,
    loinc: map.loinc,
    loincDisplay: map.display,
    gpCode: sct,
    term: clinicianTerm(codeableConcept(holder.code)) ?? map.display,
    value,
    unit,
    printedUnit: str(q?.unit),
    when: observationDate(o),
  };
}

/** The vital-sign readings of an Observation (one, or two for a BP panel), or undefined if it is not one. */
export function vitalReadings(o: FhirResource): VitalReading[] | undefined {
  if (!fhirToTs(observationDate(o))) return undefined;
  const single = reading(o, o);
  if (single) return [single];
  const sct = snomedOf(o.code);
  if (sct && BP_PANELS.has(sct.code)) {
    const parts = arr(o.component).filter(isObj);
    const out = parts.map((c, i) => reading(o, c, i)).filter((r): r is VitalReading => !!r);
    if (out.length && out.length === parts.length) return out;
  }
  return undefined;
}

export function buildVitalSigns(ctx: ConversionContext, sb: SectionBuilder, readings: VitalReading[][]): void {
  if (readings.length === 0) return;
  const byTime = new Map<string, VitalReading[]>();
  for (const group of readings) {
    for (const r of group) {
      const key = fhirToTs(r.when)!;
      const list = byTime.get(key);
      if (list) list.push(r);
      else byTime.set(key, [r]);
    }
  }
  const table = new NarrativeTable(sb.text, undefined, ['Date', 'Vital sign', 'Value', 'Interpretation', 'GP term', 'Comments']);
  for (const [ts, list] of byTime) {
    const rows: string[] = [];
    for (const r of list) {
      const row = ctx.nid('vit');
      rows.push(row);
      ctx.seeDate(r.when);
      // A panel's comment and interpretation are the panel's: shown once, on its first reading.
      const first = r.part === undefined || r.part === 0;
      const cmt = first ? str(r.source.comment) : undefined;
      table.row(row, [
        displayDate(r.when),
        r.loincDisplay,
        r.value + ' ' + (r.printedUnit ?? r.unit),
        first ? interpretationCell(r.source, row) : undefined,
        [{ id: row + '-term', text: r.term }],
        cmt ? [{ id: row + '-cmt', text: cmt }] : undefined,
      ]);
    }
    const sources = [...new Set(list.map((r) => r.source))];
    sb.tryEntry(sources, (w) => {
      w.raw('<organizer classCode="CLUSTER" moodCode="EVN">');
      writeTemplate(w, TEMPLATES.vitalSignsOrganizer);
      writeItemId(w, ctx, list[0].source, 'vitals');
      writeFixedCode(
        w,
        'code',
        { code: '46680005', codeSystem: '2.16.840.1.113883.6.96', codeSystemName: 'SNOMED CT', displayName: 'Vital signs' },
        {
          translation: {
            code: '74728-7',
            codeSystem: '2.16.840.1.113883.6.1',
            codeSystemName: 'LOINC',
            displayName: 'Vital signs, weight, height, head circumference, oximetry, BMI, and BSA panel - HL7.CCDAr1.1',
          },
        },
      );
      w.raw('<statusCode code="completed"/>');
      w.raw('<effectiveTime value="' + ts + '"/>');
      writeSharedAuthor(w, ctx, sources);
      list.forEach((r, i) => {
        w.raw('<component><observation classCode="OBS" moodCode="EVN">');
        writeTemplate(w, TEMPLATES.vitalSignObservation);
        writeItemId(w, ctx, r.source, r.part !== undefined ? 'component/' + r.part : undefined);
        writeFixedCode(
          w,
          'code',
          { code: r.loinc, codeSystem: '2.16.840.1.113883.6.1', codeSystemName: 'LOINC', displayName: r.loincDisplay },
          {
            originalTextRef: rows[i] + '-term',
            translation: {
              code: r.gpCode.code,
              codeSystem: '2.16.840.1.113883.6.96',
              codeSystemName: 'SNOMED CT',
              displayName: r.gpCode.display,
            },
          },
        );
        writeTextRef(w, rows[i]);
        w.raw('<statusCode code="completed"/>');
        writeTs(w, 'effectiveTime', r.when);
        w.empty('value', { 'xsi:type': 'PQ', value: r.value, unit: r.unit });
        // Only a reading that is the whole Observation carries its interpretation (not a panel's component).
        if (r.part === undefined) writeVitalSignInterpretation(w, r.source, interpretationText(r.source) ? rows[i] + '-int' : undefined);
        writeObservationAuthor(w, ctx, r.source);
        if ((r.part === undefined || r.part === 0) && str(r.source.comment))
          writeComment(w, rows[i] + '-cmt', commentAuthor(ctx, r.source));
        w.raw('</observation></component>');
      });
      w.raw('</organizer>');
    });
  }
  table.close();
}
