import { Keyv } from 'keyv';
import { BoundedMap } from './bounded-map';
import type { CacheConfig } from './cache.config';
import { useFastDeserialize } from './keyv-deserialize';
import { KeyvStore } from './keyv-store';
import { createRedisConnection } from './redis-connection.factory';
import { RedisKeyvAdapter } from './redis-keyv.adapter';

export { redisReconnectDelay } from './redis-reconnect';

/**
 * The Redis Keyv on an ioredis connection to the topology REDIS_URL names, keys `<namespace>::<key>`
 * (stack.md §6), TTL in ms. The offline queue is off so a call during an outage fails at once (and
 * degrades) instead of queuing until Redis returns; reconnection keeps running in the background
 * until `close()`.
 */
export function createRedisKeyv(
  url: string,
  namespace: string,
  connectTimeoutMs: number,
): { keyv: Keyv; adapter: RedisKeyvAdapter; close(): Promise<void> } {
  const client = createRedisConnection(url, 'gw-cache', connectTimeoutMs);
  const adapter = new RedisKeyvAdapter(client, namespace);
  const keyv = new Keyv({ store: adapter, namespace, useKeyPrefix: false, throwOnErrors: true });
  useFastDeserialize(keyv);
  return {
    keyv,
    adapter,
    async close() {
      // Destroy rather than QUIT: a graceful close waits for a reconnecting client, and a cache has nothing to flush.
      client.disconnect(false);
    },
  };
}

/** Builds the store the config asks for: Redis when REDIS_URL is set, else a bounded in-memory Keyv. */
export function createKeyValueStore(cfg: CacheConfig): KeyvStore {
  if (cfg.REDIS_URL) {
    const { keyv, adapter, close } = createRedisKeyv(cfg.REDIS_URL, cfg.CACHE_NAMESPACE, cfg.CACHE_OP_TIMEOUT_MS);
    return new KeyvStore('redis', keyv, cfg.CACHE_OP_TIMEOUT_MS, close, { adapter, durableReplicas: cfg.REDIS_DURABLE_REPLICAS });
  }
  const keyv = new Keyv({ store: new BoundedMap<string, unknown>(cfg.CACHE_MEMORY_MAX_ENTRIES), namespace: cfg.CACHE_NAMESPACE });
  useFastDeserialize(keyv);
  return new KeyvStore('memory', keyv, cfg.CACHE_OP_TIMEOUT_MS);
}
