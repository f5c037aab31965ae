import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GPC_BUNDLES_DIR } from '../support/reference-paths';

type Json = Record<string, any>;

const SUPPORT = new Set(['Patient', 'Organization', 'Practitioner', 'PractitionerRole', 'Location', 'OperationOutcome']);

export const BUNDLES_DIR = GPC_BUNDLES_DIR;

export function sharedBundleFiles(): string[] {
  return readdirSync(BUNDLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(BUNDLES_DIR, f));
}

/** The largest shared bundle file (by size). */
export function largestSharedBundle(): string {
  return sharedBundleFiles().sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
}

function suffixRefs(v: unknown, ids: Set<string>, sfx: string): unknown {
  if (Array.isArray(v)) return v.map((x) => suffixRefs(x, ids, sfx));
  if (v && typeof v === 'object') {
    const out: Json = {};
    for (const [k, x] of Object.entries(v as Json)) {
      if (k === 'reference' && typeof x === 'string' && ids.has(x)) out[k] = x + sfx;
      else out[k] = suffixRefs(x, ids, sfx);
    }
    return out;
  }
  return v;
}

/**
 * A synthetic GP record of about `target` entries: the patient and practice of the main shared bundle,
 * plus copies of the clinical resources (and Lists) of every shared bundle, ids and internal references
 * suffixed per copy so each copy is a distinct, fully linked set of items.
 */
export function syntheticRecord(target: number): Json {
  const bundles = sharedBundleFiles().map((f) => JSON.parse(readFileSync(f, 'utf8')) as Json);
  const main =
    bundles.find((b) =>
      b.entry.some(
        (e: Json) =>
          e.resource.resourceType === 'MedicationStatement' && b.entry.some((x: Json) => x.resource.resourceType === 'DiagnosticReport'),
      ),
    ) ?? bundles[0];
  const support = main.entry.filter((e: Json) => SUPPORT.has(e.resource.resourceType));
  const clinical: Json[] = [];
  for (const b of bundles) for (const e of b.entry) if (!SUPPORT.has(e.resource.resourceType)) clinical.push(e.resource);
  const ids = new Set<string>(clinical.filter((r) => r.id).map((r) => `${r.resourceType}/${r.id}`));
  const entry: Json[] = [...support];
  for (let k = 0; entry.length < target; k++) {
    const sfx = `-c${k}`;
    for (const r of clinical) {
      if (entry.length >= target) break;
      const copy = suffixRefs(r, ids, sfx) as Json;
      if (copy.id) copy.id = copy.id + sfx;
      entry.push({ resource: copy });
    }
  }
  return { resourceType: 'Bundle', type: 'collection', entry };
}
