import { createHash } from 'node:crypto';

/** Ids already computed, by name: the same entries are listed on every query for a patient (bounded, oldest dropped first). */
const computed = new Map<string, string>();
const COMPUTED_MAX = 20_000;

/**
 * A name-based (version 5 style, SHA-1) UUID, so the ids of a DocumentEntry's Classifications and
 * ExternalIdentifiers are the same in every response for the same entry. Each name is hashed once.
 */
export function nameBasedUuid(...parts: string[]): string {
  const name = parts.join('\u0000');
  let id = computed.get(name);
  if (id === undefined) {
    id = hashedUuid(name);
    if (computed.size >= COMPUTED_MAX) computed.delete(computed.keys().next().value!);
    computed.set(name, id);
  }
  return id;
}

function hashedUuid(name: string): string {
  const h = createHash('sha1').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** SHA-1 hex of the exact bytes (XDS `hash`). */
export function sha1Hex(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}
