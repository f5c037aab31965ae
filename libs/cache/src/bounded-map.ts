/**
 * A Map that forgets its oldest entries beyond `maxEntries`; the backing store of the in-memory Keyv,
 * so a long-running single-process gateway cannot grow without bound. Reads refresh recency (LRU).
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override get(key: K): V | undefined {
    if (!super.has(key)) return undefined;
    const value = super.get(key) as V;
    super.delete(key);
    super.set(key, value);
    return value;
  }

  override set(key: K, value: V): this {
    if (super.has(key)) super.delete(key);
    super.set(key, value);
    while (this.size > this.maxEntries) {
      const oldest = this.keys().next().value as K;
      super.delete(oldest);
    }
    return this;
  }
}
