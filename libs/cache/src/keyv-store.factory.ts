import { Keyv } from 'keyv';
import type KeyvRedis from '@keyv/redis';
import { createKeyv } from '@keyv/redis';
import { BoundedMap } from './bounded-map';
import type { CacheConfig } from './cache.config';
import { KeyvStore } from './keyv-store';

/** Redis reconnect back-off: 100 ms doubling to 1 s, forever, so the cache is back within a second of Redis. */
export function redisReconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** attempt, 1_000);
}

/**
 * The Redis Keyv (stack.md §6: `createKeyv(url, { namespace })`, keys `<namespace>::<key>`, TTL in ms).
 * The offline queue is off so a call during an outage fails at once (and degrades) instead of queuing
 * until Redis returns; reconnection keeps running in the background until `close()`.
 */
export function createRedisKeyv(url: string, namespace: string, connectTimeoutMs: number): { keyv: Keyv; close(): Promise<void> } {
  let closed = false;
  const keyv = createKeyv(
    {
      url,
      disableOfflineQueue: true,
      // After close() a pending reconnect loop stops instead of retrying for ever.
      socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: (attempt: number) => (closed ? false : redisReconnectDelay(attempt)) },
    },
    { namespace, throwOnErrors: true, throwOnConnectError: true, connectionTimeout: connectTimeoutMs },
  );
  return {
    keyv,
    async close() {
      closed = true;
      // Destroy rather than QUIT: a graceful close waits for a reconnecting client, and a cache has nothing to flush.
      try {
        await (keyv.store as KeyvRedis<unknown>).disconnect(true);
      } catch {
        // already closed
      }
    },
  };
}

/** Builds the store the config asks for: Redis when REDIS_URL is set, else a bounded in-memory Keyv. */
export function createKeyValueStore(cfg: CacheConfig): KeyvStore {
  if (cfg.REDIS_URL) {
    const { keyv, close } = createRedisKeyv(cfg.REDIS_URL, cfg.CACHE_NAMESPACE, cfg.CACHE_OP_TIMEOUT_MS);
    return new KeyvStore('redis', keyv, cfg.CACHE_OP_TIMEOUT_MS, close);
  }
  const keyv = new Keyv({ store: new BoundedMap<string, unknown>(cfg.CACHE_MEMORY_MAX_ENTRIES), namespace: cfg.CACHE_NAMESPACE });
  return new KeyvStore('memory', keyv, cfg.CACHE_OP_TIMEOUT_MS);
}
