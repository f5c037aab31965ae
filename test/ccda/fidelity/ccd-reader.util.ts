import { nodes, str } from '../ccda-fixtures.util';

/**
 * Reads a CCD back the way a receiving system does: by C-CDA R2.1 template (root and extension, as
 * the IG defines them), never by the converter's own markup. Sibling specs per clinical area share
 * it (results, vital signs, social history here; medications, immunisations, encounters, allergies,
 * problems can add their templates to TEMPLATE).
 */

/** C-CDA R2.1 templates (IG volume 2), `root:extension`. */
export const TEMPLATE = {
  resultsSection: '2.16.840.1.113883.10.20.22.2.3.1:2015-08-01',
  vitalSignsSection: '2.16.840.1.113883.10.20.22.2.4.1:2015-08-01',
  socialHistorySection: '2.16.840.1.113883.10.20.22.2.17:2015-08-01',
  encountersSection: '2.16.840.1.113883.10.20.22.2.22.1:2015-08-01',
  resultOrganizer: '2.16.840.1.113883.10.20.22.4.1:2015-08-01',
  resultObservation: '2.16.840.1.113883.10.20.22.4.2:2015-08-01',
  vitalSignsOrganizer: '2.16.840.1.113883.10.20.22.4.26:2015-08-01',
  vitalSignObservation: '2.16.840.1.113883.10.20.22.4.27:2014-06-09',
  smokingStatus: '2.16.840.1.113883.10.20.22.4.78:2014-06-09',
  socialHistoryObservation: '2.16.840.1.113883.10.20.22.4.38:2015-08-01',
} as const;

export const SNOMED_OID = '2.16.840.1.113883.6.96';
export const LOINC_OID = '2.16.840.1.113883.6.1';

function templatePredicate(t: string): string {
  const [root, ext] = t.split(':');
  return `h:templateId[@root='${root}' and @extension='${ext}']`;
}

/** Every element (observation, organizer, act…) in the document that declares the template. */
export function byTemplate(doc: Node, t: string): Element[] {
  return nodes(doc, `//h:*[${templatePredicate(t)}]`);
}

/** The section declaring the template (at most one per CCD). */
export function sectionByTemplate(doc: Node, t: string): Element | undefined {
  return nodes(doc, `//h:section[${templatePredicate(t)}]`)[0];
}

export interface Ii {
  root: string;
  extension?: string;
}

export function idsOf(el: Element): Ii[] {
  return nodes(el, 'h:id').map((i) => ({ root: i.getAttribute('root') ?? '', extension: i.getAttribute('extension') ?? undefined }));
}

export function iiKey(i: Ii): string {
  return i.extension ? `${i.root}^${i.extension}` : i.root;
}

/** Clinical statements (the CDA act classes) anywhere in the body, with their ids. */
export function clinicalStatementIds(doc: Node): string[] {
  const out: string[] = [];
  for (const el of nodes(
    doc,
    '//h:structuredBody//h:*[self::h:observation or self::h:organizer or self::h:act or self::h:substanceAdministration or self::h:supply or self::h:encounter or self::h:procedure]',
  )) {
    for (const i of idsOf(el)) if (i.root) out.push(iiKey(i));
  }
  return out;
}

export interface CodeRead {
  code?: string;
  codeSystem?: string;
  displayName?: string;
}

function codeOf(el: Element | undefined): CodeRead | undefined {
  if (!el) return undefined;
  return {
    code: el.getAttribute('code') ?? undefined,
    codeSystem: el.getAttribute('codeSystem') ?? undefined,
    displayName: el.getAttribute('displayName') ?? undefined,
  };
}

/** `code`, its translations and a coded `value`: every concept the statement states. */
export function conceptsOf(el: Element): CodeRead[] {
  return [
    ...nodes(el, 'h:code'),
    ...nodes(el, 'h:code/h:translation'),
    ...nodes(el, "h:value[@xsi:type='CD' or @xsi:type='CE']"),
    ...nodes(el, "h:value[@xsi:type='CD' or @xsi:type='CE']/h:translation"),
  ]
    .map(codeOf)
    .filter((c): c is CodeRead => !!c?.code);
}

export function primaryCode(el: Element): CodeRead | undefined {
  return codeOf(nodes(el, 'h:code')[0]);
}

/** A CD/CE as a receiver reads it (CDA R2 data types). */
export interface ConceptRead {
  nullFlavor?: string;
  /**
   * Its own `@code` and `@codeSystem`: the concept a receiver reads, the simplest one reading nothing
   * else. Absent for a nullFlavor (OTH included): a translation is never taken for the code.
   */
  code?: CodeRead;
  /** Its `translation`s, for the checks that are about them (e.g. the SNOMED coding under an OTH). */
  translations: CodeRead[];
  /** The words of its `originalText`: inline, else the narrative element its reference points to. */
  originalText?: string;
  /** A code beside a nullFlavor contradicts itself. */
  contradictory: boolean;
}

/** The narrative text an `originalText`/`text` `reference/@value="#id"` points to. */
export function referencedText(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const ref = str(el, 'h:reference/@value');
  if (ref.startsWith('#')) {
    const target = nodes(el.ownerDocument, `//h:*[@ID='${ref.slice(1)}']`)[0];
    return target ? (target.textContent ?? '').replace(/\s+/g, ' ').trim() : undefined;
  }
  const own = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  return own || undefined;
}

/** Reads a CD/CE child (`code`, `interpretationCode`, a CD `value`) of a statement, as a receiver does. */
export function readConcept(cd: Element | undefined): ConceptRead | undefined {
  if (!cd) return undefined;
  const nullFlavor = cd.getAttribute('nullFlavor') || undefined;
  const own = codeOf(cd);
  return {
    nullFlavor,
    code: own?.code ? own : undefined,
    translations: nodes(cd, 'h:translation')
      .map(codeOf)
      .filter((c): c is CodeRead => !!c?.code),
    originalText: referencedText(nodes(cd, 'h:originalText')[0]),
    contradictory: !!nullFlavor && !!own?.code,
  };
}

export interface RangeRead {
  nullFlavor?: string;
  low?: QuantityRead;
  high?: QuantityRead;
  /** An ST range, or the observationRange's own text. */
  text?: string;
}

/** `referenceRange/observationRange` values of a Result Observation. */
export function rangesOf(el: Element): RangeRead[] {
  return nodes(el, 'h:referenceRange/h:observationRange').map((r) => {
    const v = nodes(r, 'h:value')[0];
    const st = v?.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type') === 'ST' ? (v.textContent ?? '') : '';
    return {
      nullFlavor: v?.getAttribute('nullFlavor') || undefined,
      low: quantity(v && nodes(v, 'h:low')[0]),
      high: quantity(v && nodes(v, 'h:high')[0]),
      text: st || str(r, 'h:text') || undefined,
    };
  });
}

/** effectiveTime as written: `@value`, else `low/@value`. */
export function effectiveTimeOf(el: Element): string | undefined {
  return str(el, 'h:effectiveTime/@value') || str(el, 'h:effectiveTime/h:low/@value') || undefined;
}

export interface QuantityRead {
  value: string;
  unit?: string;
  /** PQR translations' originalText (the printed unit when it is not UCUM). */
  printedUnits: string[];
}

export interface ValueRead {
  xsiType?: string;
  /** PQ, or the bounds of IVL_PQ. */
  pq?: QuantityRead;
  low?: QuantityRead;
  high?: QuantityRead;
  text?: string;
}

function quantity(el: Element | undefined): QuantityRead | undefined {
  if (!el || el.getAttribute('value') === null) return undefined;
  return {
    value: el.getAttribute('value')!,
    unit: el.getAttribute('unit') ?? undefined,
    printedUnits: nodes(el, 'h:translation/h:originalText').map((t) => t.textContent ?? ''),
  };
}

/** The statement's single `value`. */
export function valueOf(el: Element): ValueRead | undefined {
  const v = nodes(el, 'h:value');
  if (v.length !== 1) return undefined;
  const xsiType = v[0].getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type') ?? undefined;
  return {
    xsiType,
    pq: xsiType === 'PQ' ? quantity(v[0]) : undefined,
    low: quantity(nodes(v[0], 'h:low')[0]),
    high: quantity(nodes(v[0], 'h:high')[0]),
    text: xsiType === 'ST' ? (v[0].textContent ?? '') : undefined,
  };
}

/** Count of `value` children (the templates allow exactly one). */
export function valueCount(el: Element): number {
  return nodes(el, 'h:value').length;
}

/** Narrative text of a section, as a reader sees it. */
export function sectionText(section: Element): string {
  return nodes(section, 'h:text')[0]?.textContent ?? '';
}

export function hasEntries(section: Element): boolean {
  return nodes(section, 'h:entry').length > 0;
}
