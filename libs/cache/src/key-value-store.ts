/** Options of one write. */
export interface WriteOptions {
  /**
   * The write must reach the store: on a backend failure or timeout `set` throws a
   * `CacheWriteError` instead of degrading to a no-op. For data the gateway acknowledges to a
   * caller (patient id mappings); documents, tokens and SDS lookups stay best-effort, where a lost
   * write only costs a later miss.
   */
  durable?: boolean;
}

/** A durable write that did not reach the store; the caller must not acknowledge it (retryable). */
export class CacheWriteError extends Error {
  override readonly name = 'CacheWriteError';
}

/**
 * The one cache contract every lib uses (documents, NHS number ⇄ CEID mappings, tokens, SDS lookups).
 *
 * Implementations: Redis (when REDIS_URL is set) and in-memory. Values must be JSON-serialisable.
 * A store never throws on a backend outage: `get` degrades to a miss and `set`/`delete` to a
 * no-op, each logged and counted, so the gateway keeps serving while Redis is away. The exceptions
 * are `setIfAbsent` (a check that could not be made must not pass) and a `set` with
 * `{ durable: true }`, which throws `CacheWriteError` when the write did not land.
 * "Landed" means the backend answered OK: for Redis with AOF (`appendfsync everysec`, as in
 * docker-compose.yml) the command is written to the append-only file before Redis replies, so it
 * survives a kill of redis-server; a crash of the host (or a disk slow enough that Redis postpones
 * its AOF writes) can lose the last second or two.
 * `ttlMs` undefined or 0 means no expiry.
 */
export abstract class KeyValueStore {
  abstract readonly kind: 'redis' | 'memory';
  abstract get<T>(key: string): Promise<T | undefined>;
  abstract set<T>(key: string, value: T, ttlMs?: number, options?: WriteOptions): Promise<void>;
  abstract delete(key: string): Promise<boolean>;
  /**
   * Writes the key only when it is absent (Redis SET NX PX; one check-and-write per key in memory),
   * and says whether it did: true = written now, false = it was already there. Unlike `set`, a
   * backend that does not answer makes this throw, because callers use it to refuse a repeat (a
   * replayed message) and "could not check" must not read as "first time".
   */
  abstract setIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean>;
  /** True when the backend answered a write-and-read within the timeout (readiness). */
  abstract isHealthy(timeoutMs: number): Promise<boolean>;
}
