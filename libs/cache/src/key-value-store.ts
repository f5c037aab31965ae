/**
 * The one cache contract every lib uses (documents, NHS number ⇄ CEID mappings, tokens, SDS lookups).
 *
 * Implementations: Redis (when REDIS_URL is set) and in-memory. Values must be JSON-serialisable.
 * A store never throws on a backend outage: `get` degrades to a miss and `set`/`delete` to a
 * no-op, each logged and counted, so the gateway keeps serving while Redis is away. The one
 * exception is `setIfAbsent`, which throws: a check that could not be made must not pass.
 * `ttlMs` undefined or 0 means no expiry.
 */
export abstract class KeyValueStore {
  abstract readonly kind: 'redis' | 'memory';
  abstract get<T>(key: string): Promise<T | undefined>;
  abstract set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
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
