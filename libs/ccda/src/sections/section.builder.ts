import { ConversionContext } from '../conversion-context';
import { SectionReport } from '../conversion-report';
import { FhirResource } from '../fhir/fhir-access.util';
import { OID } from '../hl7/code-systems';
import { writeTemplate } from '../hl7/datatypes.util';
import { TemplateRef } from '../hl7/template-ids';
import { writeNotice, writeParagraph } from '../narrative/narrative.util';
import { XmlWriter } from '../xml/xml-writer.util';

export interface SectionSpec {
  loinc: string;
  displayName: string;
  title: string;
  template: TemplateRef;
}

/**
 * Collects one section's narrative and entries separately (notices must come first in `text`, and
 * `text` precedes the entries), then writes the section in schema order. A section without entries
 * gets nullFlavor NI and keeps code, title and a narrative saying why it is empty.
 */
export class SectionBuilder {
  readonly text = new XmlWriter();
  readonly entries = new XmlWriter();
  private readonly notices: { heading: string; body: string }[] = [];
  private readonly noticeKeys = new Set<string>();
  private readonly paragraphs: string[] = [];
  entryCount = 0;
  narrativeOnly = 0;

  constructor(
    readonly ctx: ConversionContext,
    readonly spec: SectionSpec,
  ) {}

  notice(heading: string, body: string): void {
    const key = heading + '\n' + body;
    if (this.noticeKeys.has(key)) return;
    this.noticeKeys.add(key);
    this.notices.push({ heading, body });
  }

  /** A plain paragraph shown after the notices (e.g. "No information recorded at the GP practice"). */
  paragraph(body: string): void {
    if (!this.paragraphs.includes(body)) this.paragraphs.push(body);
  }

  /** Starts `<entry>`; the caller writes one clinical statement and calls `endEntry`. */
  beginEntry(): XmlWriter {
    this.entries.raw('<entry typeCode="DRIV">');
    return this.entries;
  }

  endEntry(res?: FhirResource | FhirResource[]): void {
    this.entries.raw('</entry>');
    this.entryCount++;
    if (res) for (const r of Array.isArray(res) ? res : [res]) this.ctx.record(r, this.spec.loinc, 'entry');
  }

  /**
   * Renders one entry into a scratch writer and keeps it only if it completes, so a resource that
   * cannot be converted never leaves half an entry behind; it is then reported as narrative-only.
   */
  tryEntry(res: FhirResource | FhirResource[], render: (w: XmlWriter) => void): boolean {
    const w = this.entries;
    const mark = w.mark();
    try {
      w.raw('<entry typeCode="DRIV">');
      render(w);
      w.raw('</entry>');
    } catch (err) {
      w.rollback(mark);
      const first = Array.isArray(res) ? res[0] : res;
      const why = 'could not be fully converted (' + (err instanceof Error ? err.message : String(err)) + ')';
      this.ctx.issue(this.ctx.key(first) + ': ' + why);
      if (Array.isArray(res)) for (const r of res) this.narrativeItem(r, why);
      else this.narrativeItem(res, why);
      return false;
    }
    w.commit();
    this.entryCount++;
    if (Array.isArray(res)) for (const r of res) this.ctx.record(r, this.spec.loinc, 'entry');
    else this.ctx.record(res, this.spec.loinc, 'entry');
    return true;
  }

  /** An item shown only in narrative, with the reason (counted in the report). */
  narrativeItem(res: FhirResource, reason: string): void {
    this.narrativeOnly++;
    this.ctx.record(res, this.spec.loinc, 'narrative', reason);
  }

  write(w: XmlWriter): SectionReport {
    const empty = this.entryCount === 0;
    w.raw(empty ? '<component><section nullFlavor="NI">' : '<component><section>');
    writeTemplate(w, this.spec.template);
    w.empty('code', { code: this.spec.loinc, codeSystem: OID.loinc, codeSystemName: 'LOINC', displayName: this.spec.displayName });
    w.leaf('title', this.spec.title);
    w.raw('<text>');
    for (const n of this.notices) writeNotice(w, n.heading, n.body);
    for (const p of this.paragraphs) writeParagraph(w, p);
    w.append(this.text);
    if (this.text.isEmpty && this.notices.length === 0 && this.paragraphs.length === 0) {
      writeParagraph(w, 'No information recorded at the GP practice');
    }
    w.raw('</text>');
    if (!empty) w.append(this.entries);
    w.raw('</section></component>');
    return {
      code: this.spec.loinc,
      title: this.spec.title,
      entries: this.entryCount,
      narrativeOnly: this.narrativeOnly,
      ...(empty ? { nullFlavor: 'NI' as const } : {}),
      notices: [...this.notices.map((n) => n.heading + ': ' + n.body), ...this.paragraphs],
    };
  }
}

export const SECTIONS = {
  allergies: { loinc: '48765-2', displayName: 'Allergies and adverse reactions Document', title: 'Allergies and Intolerances' },
  medications: { loinc: '10160-0', displayName: 'History of Medication use Narrative', title: 'Medications' },
  problems: { loinc: '11450-4', displayName: 'Problem list - Reported', title: 'Problems' },
  immunizations: { loinc: '11369-6', displayName: 'History of Immunization Narrative', title: 'Immunisations' },
  vitalSigns: { loinc: '8716-3', displayName: 'Vital signs', title: 'Vital Signs' },
  results: { loinc: '30954-2', displayName: 'Relevant diagnostic tests/laboratory data Narrative', title: 'Results' },
  socialHistory: { loinc: '29762-2', displayName: 'Social history Narrative', title: 'Social History' },
  encounters: { loinc: '46240-8', displayName: 'History of Hospitalizations+Outpatient visits Narrative', title: 'Encounters' },
  procedures: { loinc: '47519-4', displayName: 'History of Procedures Document', title: 'Procedures' },
  planOfTreatment: { loinc: '18776-5', displayName: 'Plan of care note', title: 'Plan of Treatment' },
} as const;
