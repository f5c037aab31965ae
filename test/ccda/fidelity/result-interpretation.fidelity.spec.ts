import { nodes, type Json } from '../ccda-fixtures.util';
import { rangesOf, readConcept, SNOMED_OID } from './ccd-reader.util';
import { fidelityDocuments, resultStatements, type FidelityDocument } from './fidelity-documents.util';

/**
 * A result's interpretation and reference ranges read back from every Result Observation (4.2), as a
 * receiver reads them: the sender's interpretation code, never one it did not send (an absent flag is
 * not Normal), and its ranges; where the record has neither, a nullFlavor — NI for a result value, NA
 * for a GP entry with no value (a finding, a note) — that reads as no value at all.
 */

const INTERPRETATION_SYSTEMS = ['http://hl7.org/fhir/v2/0078', 'http://terminology.hl7.org/CodeSystem/v2-0078'];
/** V3 ObservationInterpretation (2.16.840.1.113883.5.83), the system of the C-CDA value set. */
const V3_INTERPRETATION = '2.16.840.1.113883.5.83';
/** Common v2 0078 codes that are V3 codes with the same meaning. */
const V3_SHARED = new Set(['N', 'A', 'AA', 'H', 'HH', 'L', 'LL', 'POS', 'NEG', 'IND', 'DET', 'ND']);

/** Whether the Observation carries a result value of its own (a finding or a note recorded by the GP has none). */
function hasValue(o: Json): boolean {
  return Object.keys(o).some((k) => k.startsWith('value') && o[k] !== undefined && o[k] !== null);
}

function isNumeric(o: Json): boolean {
  return typeof o.valueQuantity?.value === 'number' || typeof o.valueInteger === 'number' || !!o.valueRange;
}

const docs = fidelityDocuments();

describe('C-CDA fidelity: result interpretation and reference ranges', () => {
  it('covers interpretations coded in v2 0078, in SNOMED CT and as the UK code PA', () => {
    const sent = docs.flatMap((d) => resultStatements(d).map(({ src }) => src.interpretation?.coding?.[0]?.system)).filter(Boolean);
    expect(new Set(sent).size).toBeGreaterThanOrEqual(3);
  });

  it.each(docs.map((d) => [d.name, d] as [string, FidelityDocument]))(
    "%s: a result's interpretation is the sender's, and none is never read as one (least of all Normal)",
    (_name, d) => {
      const problems: Record<string, string[]> = {};
      for (const { el, src } of resultStatements(d)) {
        const all = nodes(el, 'h:interpretationCode').map(readConcept);
        const p: string[] = [];
        if (all.length !== 1) p.push(`${all.length} interpretationCode`);
        const read = all[0];
        const sent = (src.interpretation?.coding ?? [])
          .filter((c: Json) => INTERPRETATION_SYSTEMS.includes(c.system))
          .map((c: Json) => c.code);
        // The interpretation a receiver reads is interpretationCode/@code; under OTH there is none.
        const stated = read?.code?.codeSystem === V3_INTERPRETATION ? [read.code.code] : [];
        if (read?.code && read.code.codeSystem !== V3_INTERPRETATION) p.push(`code ${read.code.code} outside ObservationInterpretation`);
        if (read?.contradictory) p.push('code beside a nullFlavor');
        if (stated.some((c) => !sent.includes(c))) p.push(`states ${stated.join(',')}, the record ${sent.join(',') || 'nothing'}`);
        if (!src.interpretation) {
          const expected = hasValue(src) ? 'NI' : 'NA';
          if (read?.nullFlavor !== expected || read.code || read.translations.length)
            p.push(`no interpretation in the record, read ${read?.nullFlavor ?? read?.code?.code}`);
        } else {
          for (const c of sent) if (V3_SHARED.has(c) && !stated.includes(c)) p.push(`${c} not read back`);
          if (!stated.length && read?.nullFlavor !== 'OTH') p.push(`uncoded interpretation read as ${read?.nullFlavor}`);
          const term = src.interpretation.text ?? src.interpretation.coding?.find((c: Json) => c.display)?.display;
          if (!stated.length && term && read?.originalText !== term) p.push(`term "${read?.originalText}" ≠ "${term}"`);
          // Under OTH the record's SNOMED CT coding is kept as a translation.
          const sct = (src.interpretation.coding ?? []).find((c: Json) => c.system === 'http://snomed.info/sct');
          if (!stated.length && sct && !read?.translations.some((t) => t.code === sct.code && t.codeSystem === SNOMED_OID))
            p.push(`SNOMED interpretation ${sct.code} not a translation`);
        }
        if (p.length) problems[`Observation/${src.id}`] = p;
      }
      expect(problems).toEqual({});
    },
  );

  it.each(docs.map((d) => [d.name, d] as [string, FidelityDocument]))(
    "%s: a result's reference ranges are the sender's, and a missing range is a nullFlavor, never a range",
    (_name, d) => {
      const problems: Record<string, string[]> = {};
      for (const { el, src } of resultStatements(d)) {
        const read = rangesOf(el);
        const sent: Json[] = src.referenceRange ?? [];
        const p: string[] = [];
        if (sent.length === 0) {
          const expected = hasValue(src) ? 'NI' : 'NA';
          const r = read[0];
          if (read.length !== 1 || r.nullFlavor !== expected || r.low || r.high || r.text)
            p.push(`no range in the record, read ${JSON.stringify(read)}`);
          if (
            expected === 'NI' &&
            isNumeric(src) &&
            nodes(el, "h:referenceRange/h:observationRange/h:value[@xsi:type='IVL_PQ']").length !== 1
          )
            p.push('no IVL_PQ for a numeric result');
        } else {
          if (read.length !== sent.length) p.push(`${read.length} ranges for ${sent.length}`);
          sent.forEach((r, i) => {
            const got = read[i];
            if (!got || got.nullFlavor) return p.push(`range ${i} missing`);
            if (typeof r.low?.value === 'number' && Number(got.low?.value) !== r.low.value)
              p.push(`low ${got.low?.value} ≠ ${r.low.value}`);
            if (typeof r.high?.value === 'number' && Number(got.high?.value) !== r.high.value)
              p.push(`high ${got.high?.value} ≠ ${r.high.value}`);
            if (r.text && got.text !== r.text) p.push(`text "${got.text}" ≠ "${r.text}"`);
          });
        }
        if (p.length) problems[`Observation/${src.id}`] = p;
      }
      expect(problems).toEqual({});
    },
  );
});
