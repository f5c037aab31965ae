import type { KeyRing } from './key-ring';

/**
 * Where the key ring is kept, shared by every instance. `load` throws when the store cannot be read
 * (so a reader keeps the ring it has rather than taking an outage for an empty ring); `save` throws
 * unless the write landed; `exclusive` runs `fn` holding the rotation lock, or throws
 * KeyRotationError('busy') when another instance holds it.
 */
export interface KeyRingStore {
  /** For logs and the admin view: "redis" or the folder path. */
  readonly where: string;
  load(): Promise<KeyRing | undefined>;
  save(ring: KeyRing): Promise<void>;
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/** A lock older than this is taken for one left by a crashed rotation (a rotation takes seconds). */
export const ROTATION_LOCK_MS = 60_000;

export function isKeyRing(v: unknown): v is KeyRing {
  return typeof v === 'object' && v !== null && (v as KeyRing).version === 1 && Array.isArray((v as KeyRing).keys);
}
