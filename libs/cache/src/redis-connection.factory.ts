import Redis from 'ioredis';
import { redisReconnectDelay } from './keyv-store.factory';

/**
 * An ioredis connection for features that need Redis commands beyond get/set (the throttler's Lua
 * script). Commands fail fast while disconnected (no offline queue, one retry) or time out after
 * `connectTimeoutMs`, so callers can degrade;
 * the connection keeps reconnecting in the background. The owner must call `quit()` on shutdown.
 */
export function createRedisConnection(url: string, connectionName: string, connectTimeoutMs = 2_000): Redis {
  const client = new Redis(url, {
    connectionName,
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectTimeoutMs,
    // A Redis that accepts the connection but never answers must not hold a request: every command
    // has the same deadline. (No INFO ready check: against such a server it lingers after disconnect,
    // and the command deadline already covers an unready Redis.)
    commandTimeout: connectTimeoutMs,
    enableReadyCheck: false,
    retryStrategy: (attempt) => redisReconnectDelay(attempt),
  });
  // Errors surface on the commands; without a listener ioredis would print every reconnect failure.
  client.on('error', () => undefined);
  return client;
}
