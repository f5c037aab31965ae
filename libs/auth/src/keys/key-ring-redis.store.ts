import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from '@gw/cache';
import { KeyRotationError, type KeyRing } from './key-ring';
import { isKeyRing, ROTATION_LOCK_MS, type KeyRingStore } from './key-ring.store';

const RING_KEY = 'nhs-keys:ring';
const LOCK_KEY = 'nhs-keys:rotation-lock';

/**
 * The key ring in the cache's Redis (under CACHE_NAMESPACE), written durably, with the rotation
 * lock taken by SET NX PX so two instances never rotate at once.
 */
export class RedisKeyRingStore implements KeyRingStore {
  readonly where = 'redis';

  constructor(
    private readonly kv: KeyValueStore,
    private readonly healthTimeoutMs = 2_000,
  ) {}

  async load(): Promise<KeyRing | undefined> {
    const ring = await this.kv.get<unknown>(RING_KEY);
    if (isKeyRing(ring)) return ring;
    // The store degrades an outage to a miss: tell "no ring yet" from "cannot read".
    if (!(await this.kv.isHealthy(this.healthTimeoutMs)))
      throw new KeyRotationError('unavailable', 'The key ring store (Redis) is not answering');
    if (ring !== undefined) throw new Error('The stored key ring is not in the expected format');
    return undefined;
  }

  async save(ring: KeyRing): Promise<void> {
    await this.kv.set(RING_KEY, ring, 0, { durable: true });
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const owner = randomUUID();
    let claimed: boolean;
    try {
      claimed = await this.kv.setIfAbsent(LOCK_KEY, owner, ROTATION_LOCK_MS);
    } catch (e) {
      throw new KeyRotationError('unavailable', `The key ring store (Redis) is not answering: ${(e as Error).message}`);
    }
    if (!claimed) throw new KeyRotationError('busy', 'Another instance is rotating the NHS signing key');
    try {
      return await fn();
    } finally {
      if ((await this.kv.get(LOCK_KEY)) === owner) await this.kv.delete(LOCK_KEY);
    }
  }
}
