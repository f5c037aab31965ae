import type { RsaPublicJwk } from './rsa-keys.util';

/**
 * One NHS signing key of the ring. Times are ISO strings (the ring is stored as JSON).
 * `privateKeyPem` is absent for the key configured by NHS_PRIVATE_KEY / NHS_PRIVATE_KEY_FILE: each
 * instance signs with its own configured copy, so that secret is never copied into the store.
 */
export interface KeyRingEntry {
  kid: string;
  /** Public half, published in the JWKS without touching the private key. */
  jwk: RsaPublicJwk;
  /** PKCS#8 PEM, encrypted with NHS_KEY_RING_PASSPHRASE when one is set. */
  privateKeyPem?: string;
  encrypted?: boolean;
  createdAt: string;
  /** Signing switches to this key at this time (the newest key whose activeFrom has passed signs). */
  activeFrom: string;
  /** Set when a newer key is created: after it the key leaves the JWKS and the ring. */
  retireAfter?: string;
}

export interface KeyRing {
  version: 1;
  keys: KeyRingEntry[];
}

export type KeyState = 'pending' | 'active' | 'previous' | 'retired';

/** A key as the admin API shows it: ids, state and dates, never key material. */
export interface KeyStatus {
  kid: string;
  state: KeyState;
  createdAt: string;
  activeFrom: string;
  retireAfter?: string;
}

export class KeyRotationError extends Error {
  override readonly name = 'KeyRotationError';
  constructor(
    readonly reason: 'not-enabled' | 'pending' | 'busy' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

const at = (iso: string | undefined): number => (iso === undefined ? Infinity : Date.parse(iso));
const retired = (e: KeyRingEntry, now: number): boolean => at(e.retireAfter) <= now;

/** The key that signs at `now`: the newest (by activeFrom) whose activeFrom has passed, not retired. */
export function signingEntry(ring: KeyRing, now: number): KeyRingEntry | undefined {
  let best: KeyRingEntry | undefined;
  for (const e of ring.keys) {
    if (retired(e, now) || at(e.activeFrom) > now) continue;
    if (!best || at(e.activeFrom) >= at(best.activeFrom)) best = e;
  }
  return best;
}

/** The keys the JWKS publishes at `now`: every key not retired, the pending next one included. */
export function publishedEntries(ring: KeyRing, now: number): KeyRingEntry[] {
  return ring.keys.filter((e) => !retired(e, now));
}

export function keyStatuses(ring: KeyRing, now: number): KeyStatus[] {
  const signing = signingEntry(ring, now);
  return ring.keys.map((e) => ({
    kid: e.kid,
    state: retired(e, now) ? 'retired' : at(e.activeFrom) > now ? 'pending' : e === signing ? 'active' : 'previous',
    createdAt: e.createdAt,
    activeFrom: e.activeFrom,
    ...(e.retireAfter ? { retireAfter: e.retireAfter } : {}),
  }));
}

/**
 * The ring after adding `next`: it becomes active `overlapMs` from now; every older key still
 * published is retired `retireMs` after that switch (an assertion signed just before the switch
 * must still verify). Retired keys are dropped. A rotation while one is still pending is refused:
 * the pending key would be retired before it ever signed. A first key (empty ring) is active at once.
 */
export function rotateRing(
  ring: KeyRing,
  next: Omit<KeyRingEntry, 'createdAt' | 'activeFrom' | 'retireAfter'>,
  now: number,
  overlapMs: number,
  retireMs: number,
): KeyRing {
  const pending = ring.keys.find((e) => !retired(e, now) && at(e.activeFrom) > now);
  if (pending) throw new KeyRotationError('pending', `Key ${pending.kid} is already pending (active from ${pending.activeFrom})`);
  if (ring.keys.some((e) => e.kid === next.kid)) throw new Error(`Key id ${next.kid} is already in the ring`);
  const live = publishedEntries(ring, now);
  // A first key has nothing to overlap with: it signs at once.
  const activeFrom = live.length ? now + overlapMs : now;
  const retireAfter = new Date(activeFrom + retireMs).toISOString();
  const kept = live.map((e) => (e.retireAfter ? e : { ...e, retireAfter }));
  const entry: KeyRingEntry = { ...next, createdAt: new Date(now).toISOString(), activeFrom: new Date(activeFrom).toISOString() };
  return { version: 1, keys: [...kept, entry] };
}

/** The ring's newest key was created at least `intervalMs` ago and none is pending: a scheduled rotation is due. */
export function rotationDue(ring: KeyRing, now: number, intervalMs: number): boolean {
  if (intervalMs <= 0) return false;
  const live = publishedEntries(ring, now);
  if (live.some((e) => at(e.activeFrom) > now)) return false;
  const newest = Math.max(...live.map((e) => at(e.createdAt)));
  return live.length === 0 || newest + intervalMs <= now;
}
