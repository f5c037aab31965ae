import { arr, FhirResource, isObj, refKey, str } from './fhir-access.util';

/**
 * Resources of a bundle by reference. Accepts entries with or without the `resource` wrapper (the
 * published GP Connect examples have both), resolves `Type/id`, absolute URLs, `urn:uuid:` full URLs
 * and `#contained` references, and remembers every reference that points to nothing.
 */
export class BundleIndex {
  readonly resources: FhirResource[] = [];
  private readonly byKey = new Map<string, FhirResource>();
  private readonly containedOf = new Map<FhirResource, Map<string, FhirResource>>();
  /** Contained resource → its container. */
  readonly containerOf = new Map<FhirResource, FhirResource>();
  readonly unresolved = new Set<string>();
  private readonly byType = new Map<string, FhirResource[]>();

  constructor(entries: unknown[]) {
    for (const e of entries) {
      if (!isObj(e)) continue;
      const res = (isObj(e.resource) ? e.resource : e) as FhirResource;
      if (typeof res.resourceType !== 'string') continue;
      this.resources.push(res);
      const sameType = this.byType.get(res.resourceType);
      if (sameType) sameType.push(res);
      else this.byType.set(res.resourceType, [res]);
      if (res.id) this.byKey.set(res.resourceType + '/' + res.id, res);
      const full = str(e.fullUrl);
      if (full) {
        this.byKey.set(full, res);
        const k = refKey(full);
        if (k && !this.byKey.has(k)) this.byKey.set(k, res);
      }
      const contained = arr(res.contained).filter(isObj) as FhirResource[];
      if (contained.length) {
        const m = new Map<string, FhirResource>();
        for (const c of contained) {
          if (typeof c.resourceType !== 'string') continue;
          if (c.id) m.set('#' + c.id, c);
          this.containerOf.set(c, res);
        }
        this.containedOf.set(res, m);
      }
    }
  }

  /** The resource a reference points to; `container` resolves `#id` references. */
  resolve(reference: unknown, container?: FhirResource): FhirResource | undefined {
    const key = refKey(reference);
    if (!key) return undefined;
    if (key.startsWith('#')) {
      const hit = container ? this.containedOf.get(container)?.get(key) : undefined;
      if (!hit) this.unresolved.add((container ? container.resourceType + '/' + (container.id ?? '?') : '') + key);
      return hit;
    }
    const hit = this.byKey.get(key);
    if (!hit) this.unresolved.add(key);
    return hit;
  }

  /** Resolve without recording a miss (for optional look-ups such as `basedOn` back-links). */
  peek(reference: unknown): FhirResource | undefined {
    const key = refKey(reference);
    return key ? this.byKey.get(key) : undefined;
  }

  /** Resources of one type, in bundle order (a copy the caller may keep). */
  ofType(type: string): FhirResource[] {
    const list = this.byType.get(type);
    return list ? list.slice() : [];
  }

  containedIn(res: FhirResource): FhirResource[] {
    const m = this.containedOf.get(res);
    return m ? [...m.values()] : [];
  }
}

/** `Type/id` of a resource for the report (contained ones are `List/x#id`). */
export function keyOf(res: FhirResource, index?: BundleIndex): string {
  const container = index?.containerOf.get(res);
  if (container) return container.resourceType + '/' + (container.id ?? '?') + '#' + (res.id ?? '?');
  return res.resourceType + '/' + (res.id ?? '?');
}
