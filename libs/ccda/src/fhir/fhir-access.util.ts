/**
 * Lenient readers for GP Connect STU3 JSON. Real bundles vary (extension URLs on fhir.nhs.uk or
 * fhir.hl7.org.uk, `DescriptionDisplay` or `descriptionDisplay`, entries with or without a `resource`
 * wrapper), so nothing here trusts the shape: every accessor checks types and returns undefined.
 */
export type Json = Record<string, unknown>;

export interface FhirResource extends Json {
  resourceType: string;
  id?: string;
}

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
  extension?: unknown;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0) return undefined;
  // Fast path: a first character that is not whitespace means the string is not blank.
  const c = v.charCodeAt(0);
  if (c > 32 && c !== 160) return v;
  return v.trim() !== '' ? v : undefined;
}

export function arr<T = Json>(v: unknown): T[] {
  if (!Array.isArray(v)) return [];
  // Copy only when there is something to drop (nulls, holes); the common case allocates nothing.
  for (let i = 0; i < v.length; i++) {
    if (v[i] === null || v[i] === undefined) {
      const out: T[] = [];
      for (let j = 0; j < v.length; j++) if (v[j] !== null && v[j] !== undefined) out.push(v[j] as T);
      return out;
    }
  }
  return v as T[];
}

export function obj(v: unknown): Json | undefined {
  return isObj(v) ? v : undefined;
}

function urlMatches(url: unknown, suffix: string): boolean {
  return typeof url === 'string' && (url.endsWith('/' + suffix) || url === suffix);
}

/** Extensions whose URL ends with `/<name>` (host-agnostic: NHS and HL7 UK publish the same names). */
export function extensions(holder: unknown, name: string): Json[] {
  if (!isObj(holder)) return [];
  const out: Json[] = [];
  for (const e of arr(holder.extension)) if (isObj(e) && urlMatches(e.url, name)) out.push(e);
  return out;
}

export function extension(holder: unknown, name: string): Json | undefined {
  if (!isObj(holder)) return undefined;
  for (const e of arr(holder.extension)) if (isObj(e) && urlMatches(e.url, name)) return e;
  return undefined;
}

/** A sub-extension of a complex extension, matching its `url` case-insensitively. */
export function subExtension(ext: unknown, name: string): Json | undefined {
  if (!isObj(ext)) return undefined;
  const want = name.toLowerCase();
  for (const e of arr(ext.extension)) {
    if (isObj(e) && typeof e.url === 'string' && e.url.toLowerCase() === want) return e;
  }
  return undefined;
}

/** Every index holds an object (`every` would skip holes in sparse arrays). */
function allObjects(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (!isObj(a[i])) return false;
  return true;
}

export function codeableConcept(v: unknown): CodeableConcept | undefined {
  if (!isObj(v)) return undefined;
  // Fast path (the common, well-formed case): use the object as it is, allocating nothing.
  if (Array.isArray(v.coding) && v.coding.length > 0 && (v.text === undefined || typeof v.text === 'string') && allObjects(v.coding)) {
    return v as CodeableConcept;
  }
  const coding = arr(v.coding).filter(isObj) as Coding[];
  const text = str(v.text);
  if (coding.length === 0 && !text) return undefined;
  return { coding, text };
}

export function codings(cc: CodeableConcept | undefined): Coding[] {
  return cc?.coding ?? [];
}

/** The clinician's own term: the coding's `DescriptionDisplay`, else `text`, else the first display. */
export function clinicianTerm(cc: CodeableConcept | undefined): string | undefined {
  if (!cc) return undefined;
  for (const c of codings(cc)) {
    const d = subExtension(extension(c, 'Extension-coding-sctdescid'), 'descriptionDisplay');
    const v = d && str(d.valueString);
    if (v) return v;
  }
  if (cc.text) return cc.text;
  for (const c of codings(cc)) {
    const d = str(c.display);
    if (d) return d;
  }
  for (const c of codings(cc)) {
    const d = str(c.code);
    if (d) return d;
  }
  return undefined;
}

/** `Type/id` from any reference form (relative, absolute URL, with `_history`). `#x` and `urn:` stay as they are. */
export function refKey(reference: unknown): string | undefined {
  const ref = isObj(reference) ? str(reference.reference) : str(reference);
  if (!ref) return undefined;
  if (ref.startsWith('#') || ref.startsWith('urn:')) return ref;
  let r = ref;
  const h = r.indexOf('/_history/');
  if (h >= 0) r = r.slice(0, h);
  const last = r.lastIndexOf('/');
  if (last < 0) return r;
  const prev = r.lastIndexOf('/', last - 1);
  return prev < 0 ? r : r.slice(prev + 1);
}

/** `display` of a reference, when the sender gave one. */
export function refDisplay(reference: unknown): string | undefined {
  return isObj(reference) ? str(reference.display) : undefined;
}

export function humanNameText(name: unknown): string | undefined {
  if (!isObj(name)) return undefined;
  const parts: string[] = [];
  for (const p of arr<string>(name.prefix)) if (typeof p === 'string') parts.push(p);
  for (const g of arr<string>(name.given)) if (typeof g === 'string') parts.push(g);
  const fam = str(name.family);
  if (fam) parts.push(fam);
  if (parts.length) return parts.join(' ');
  return str(name.text);
}

export function firstName(names: unknown, preferUse: string[] = ['usual', 'official']): Json | undefined {
  const list = arr(names).filter(isObj);
  for (const use of preferUse) {
    const hit = list.find((n) => n.use === use);
    if (hit) return hit;
  }
  return list[0];
}

/** Readable name of a Practitioner / Organization / PractitionerRole / Location resource. */
export function agentName(res: FhirResource | undefined): string | undefined {
  if (!res) return undefined;
  if (res.resourceType === 'Practitioner' || res.resourceType === 'Patient' || res.resourceType === 'RelatedPerson') {
    return humanNameText(firstName(res.name));
  }
  return str(res.name);
}

export function identifierValue(res: unknown, systemSuffix: string): string | undefined {
  if (!isObj(res)) return undefined;
  for (const id of arr(res.identifier)) {
    if (isObj(id) && typeof id.system === 'string' && id.system.endsWith(systemSuffix)) {
      const v = str(id.value);
      if (v) return v;
    }
  }
  return undefined;
}

/** Annotation texts (`note[].text`). */
export function notes(res: unknown): string[] {
  if (!isObj(res)) return [];
  const out: string[] = [];
  for (const n of arr(res.note)) {
    const t = isObj(n) ? str(n.text) : undefined;
    if (t) out.push(t);
  }
  return out;
}
