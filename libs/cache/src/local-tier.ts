/**
 * A small process-local copy of recently generated documents, consulted only when the shared
 * KeyValueStore misses. The shared store degrades to a miss during a Redis outage; with this tier a
 * query answered by this process can still be followed by its retrieve. Entries keep the shared
 * TTL, and the least recently used are dropped past the bound.
 */
export class LocalTier {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();

  constructor(private readonly maxEntries: number) {}

  get<T>(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.expiresAt <= Date.now()) return undefined;
    this.entries.set(key, e);
    return e.value as T;
  }

  set(key: string, value: unknown, ttlMs: number): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
