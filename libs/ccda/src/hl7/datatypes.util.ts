import { escapeAttr } from '@gw/xml-escape';
import { XmlWriter } from '../xml/xml-writer.util';
import { CodeableConcept, Coding, str } from '../fhir/fhir-access.util';
import { codeSystemOf, NULL_FLAVOR_SYSTEM, OID } from './code-systems';
import { fhirToTs } from './timestamp.util';
import { TemplateRef } from './template-ids';

const HL7_NULL_FLAVORS = new Set(['NI', 'NA', 'UNK', 'ASKU', 'NAV', 'NASK', 'OTH', 'NINF', 'PINF', 'MSK', 'TRC', 'QS']);

export interface FixedCode {
  code: string;
  codeSystem: string;
  codeSystemName?: string;
  displayName?: string;
}

export interface CodeOptions {
  /** Element name (`code`, `value`, `routeCode`…). */
  tag: string;
  /** Writes `xsi:type="CD"` (only where the schema allows it: `value`). */
  xsiType?: string;
  /** Narrative ID that holds the clinician's term (`originalText/reference`). */
  originalTextRef?: string;
  /** nullFlavor used when there is no usable code: OTH when there is text, else UNK. */
  nullFlavorWhenText?: 'OTH' | 'UNK';
  /** Extra translations appended after those from the concept (e.g. the GP's own code). */
  extraTranslations?: FixedCode[];
  /**
   * OID of a code system whose coding, when the record has one, is the `code` ahead of SNOMED CT: the
   * system a template asks for (LOINC for a Result Observation). Without one in the record, as below.
   */
  preferredOid?: string;
}

interface Picked {
  primary?: { code: string; oid: string; name?: string; display?: string };
  translations: { code: string; oid: string; name?: string; display?: string }[];
  nullFlavor?: string;
}

/**
 * First SNOMED coding becomes `code` (a coding in `preferredOid`'s system first, when given); other
 * codings with a known OID become translations.
 */
export function pickCodes(cc: CodeableConcept | undefined, preferredOid?: string): Picked {
  const out: Picked = { translations: [] };
  if (!cc?.coding) return out;
  let primaryIdx = -1;
  for (const oid of preferredOid ? [preferredOid, OID.snomed] : [OID.snomed]) {
    primaryIdx = cc.coding.findIndex((c) => codeSystemOf(c.system)?.oid === oid && !!str(c.code));
    if (primaryIdx >= 0) break;
  }
  if (primaryIdx < 0) {
    for (let i = 0; i < cc.coding.length; i++) {
      const c = cc.coding[i];
      if (codeSystemOf(c.system) && str(c.code)) {
        primaryIdx = i;
        break;
      }
    }
  }
  for (let i = 0; i < cc.coding.length; i++) {
    const c: Coding = cc.coding[i];
    const code = str(c.code);
    if (!code) continue;
    if (c.system === NULL_FLAVOR_SYSTEM) {
      if (HL7_NULL_FLAVORS.has(code) && !out.nullFlavor) out.nullFlavor = code;
      continue;
    }
    const sys = codeSystemOf(c.system);
    if (!sys) continue;
    const item = { code, oid: sys.oid, name: sys.name, display: str(c.display) };
    if (i === primaryIdx) out.primary = item;
    else if (!(out.primary && out.primary.code === code && out.primary.oid === sys.oid)) out.translations.push(item);
  }
  return out;
}

function writeTranslations(w: XmlWriter, list: { code: string; oid: string; name?: string; display?: string }[]): void {
  for (const t of list) {
    w.empty('translation', { code: t.code, codeSystem: t.oid, codeSystemName: t.name, displayName: t.display });
  }
}

function writeOriginalText(w: XmlWriter, ref: string | undefined): void {
  if (!ref) return;
  w.raw('<originalText><reference value="#' + ref + '"/></originalText>');
}

/** A CD/CE from a FHIR CodeableConcept: SNOMED `code`, known-OID translations, originalText → narrative. */
export function writeConcept(w: XmlWriter, cc: CodeableConcept | undefined, o: CodeOptions): void {
  // Fast path for the common case, one SNOMED coding: the markup is built directly, allocating no model.
  const only = cc?.coding?.length === 1 && !o.extraTranslations ? cc.coding[0] : undefined;
  if (
    only &&
    only.system === 'http://snomed.info/sct' &&
    typeof only.code === 'string' &&
    only.code !== '' &&
    only.code.trim() === only.code
  ) {
    const display = typeof only.display === 'string' && only.display !== '' ? ' displayName="' + escapeAttr(only.display) + '"' : '';
    const head =
      '<' +
      o.tag +
      (o.xsiType ? ' xsi:type="' + o.xsiType + '"' : '') +
      ' code="' +
      escapeAttr(only.code) +
      '" codeSystem="' +
      OID.snomed +
      '" codeSystemName="SNOMED CT"' +
      display;
    w.raw(
      o.originalTextRef
        ? head + '><originalText><reference value="#' + o.originalTextRef + '"/></originalText></' + o.tag + '>'
        : head + '/>',
    );
    return;
  }
  const p = pickCodes(cc, o.preferredOid);
  const attrs: Record<string, string | undefined> = {};
  if (o.xsiType) attrs['xsi:type'] = o.xsiType;
  if (p.primary) {
    attrs.code = p.primary.code;
    attrs.codeSystem = p.primary.oid;
    attrs.codeSystemName = p.primary.name;
    attrs.displayName = p.primary.display;
  } else {
    const hasText = !!(cc?.text || (cc?.coding ?? []).some((c) => str(c.display)));
    attrs.nullFlavor = p.nullFlavor ?? (hasText ? (o.nullFlavorWhenText ?? 'OTH') : 'UNK');
  }
  const translations = o.extraTranslations
    ? [
        ...p.translations,
        ...o.extraTranslations.map((t) => ({ code: t.code, oid: t.codeSystem, name: t.codeSystemName, display: t.displayName })),
      ]
    : p.translations;
  if (!o.originalTextRef && translations.length === 0) {
    w.empty(o.tag, attrs);
    return;
  }
  w.open(o.tag, attrs);
  writeOriginalText(w, o.originalTextRef);
  writeTranslations(w, translations);
  w.end(o.tag);
}

/** A fixed code (template-mandated value), optionally with a translation and originalText reference. */
export function writeFixedCode(
  w: XmlWriter,
  tag: string,
  c: FixedCode,
  extra?: { xsiType?: string; translation?: FixedCode; originalTextRef?: string },
): void {
  const attrs = {
    'xsi:type': extra?.xsiType,
    code: c.code,
    codeSystem: c.codeSystem,
    codeSystemName: c.codeSystemName,
    displayName: c.displayName,
  };
  if (!extra?.translation && !extra?.originalTextRef) {
    w.empty(tag, attrs);
    return;
  }
  w.open(tag, attrs);
  writeOriginalText(w, extra.originalTextRef);
  if (extra.translation) {
    const t = extra.translation;
    w.empty('translation', { code: t.code, codeSystem: t.codeSystem, codeSystemName: t.codeSystemName, displayName: t.displayName });
  }
  w.end(tag);
}

/**
 * Writes a template id. Every versioned template used here had an R1.1 predecessor, and the C-CDA
 * R2.1 schematron (hasCompatibleR1.1TemplateId, CONF:1198-32934..32946) requires the unextended
 * R1.1 root beside the R2.1 id once a document declares the R2.1 CCD, so both are written.
 */
const templateXml = new Map<TemplateRef, string>();
export function writeTemplate(w: XmlWriter, t: TemplateRef): void {
  let xml = templateXml.get(t);
  if (xml === undefined) {
    xml = t.extension
      ? '<templateId root="' + t.root + '"/><templateId root="' + t.root + '" extension="' + t.extension + '"/>'
      : '<templateId root="' + t.root + '"/>';
    templateXml.set(t, xml);
  }
  w.raw(xml);
}

/** `<tag value="TS"/>`, or nullFlavor UNK when the date is absent or unparseable. */
export function writeTs(w: XmlWriter, tag: string, fhirDate: string | undefined, xsiType?: string): void {
  const ts = fhirToTs(fhirDate);
  const type = xsiType ? ' xsi:type="' + xsiType + '"' : '';
  // TS values are digits, '.', '+' and '-' only: nothing to escape.
  w.raw(ts ? '<' + tag + type + ' value="' + ts + '"/>' : '<' + tag + type + ' nullFlavor="UNK"/>');
}

/**
 * IVL_TS with low and (optionally) high. `high` is written when `withHigh` is true, as nullFlavor UNK
 * when the end date is unknown (e.g. a resolved problem with no abatement date).
 */
export function writeIvlTs(
  w: XmlWriter,
  tag: string,
  low: string | undefined,
  high: string | undefined,
  opts?: { xsiType?: boolean; withHigh?: boolean },
): void {
  w.open(tag, opts?.xsiType ? { 'xsi:type': 'IVL_TS' } : undefined);
  writeTs(w, 'low', low);
  if (high !== undefined || opts?.withHigh) writeTs(w, 'high', high);
  w.end(tag);
}

export function writeTextRef(w: XmlWriter, ref: string): void {
  w.raw('<text><reference value="#' + ref + '"/></text>');
}

/** UCUM unit of a FHIR Quantity, or undefined when it has none (never guessed from the printed unit). */
export function ucumUnit(q: Record<string, unknown> | undefined): string | undefined {
  if (!q) return undefined;
  if (q.system === 'http://unitsofmeasure.org' && typeof q.code === 'string' && q.code.trim() !== '') return q.code;
  return undefined;
}

/** PQ value text: FHIR decimals are written as given (no float reformatting). */
export function pqValue(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return v.trim();
  return undefined;
}
