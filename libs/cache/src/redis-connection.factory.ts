import Redis, { Cluster, type RedisOptions } from 'ioredis';
import { redisReconnectDelay } from './redis-reconnect';
import { parseRedisUrl } from './redis-url';

/** A connection to whatever REDIS_URL names: one server or a Sentinel-managed primary (Redis), or a Cluster. */
export type RedisClient = Redis | Cluster;

/**
 * An ioredis connection for every Redis feature (cache, locks, throttler counters) on the topology
 * REDIS_URL names. Until the first connection is ready commands wait for it (each within
 * `timeoutMs`); after that they fail fast while disconnected (no offline queue, one retry) or time
 * out after `timeoutMs`, so callers can degrade; the connection keeps reconnecting in the background.
 * Behind Sentinel it asks the sentinels for the primary on every reconnect and follows a failover
 * (`+switch-master`); a node that answers READONLY (a demoted primary) makes it reconnect and send
 * the command again. In Cluster it follows MOVED/ASK and reads from primaries only.
 * The owner must call `disconnect()` (or `quit()`) on shutdown.
 */
export function createRedisConnection(url: string, connectionName: string, timeoutMs = 2_000): RedisClient {
  const topology = parseRedisUrl(url);
  const common: RedisOptions = {
    connectionName,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: timeoutMs,
    // A Redis that accepts the connection but never answers must not hold a request: every command
    // has the same deadline. (No INFO ready check: against such a server it lingers after disconnect,
    // and the command deadline already covers an unready Redis.)
    commandTimeout: timeoutMs,
    enableReadyCheck: false,
    retryStrategy: (attempt) => redisReconnectDelay(attempt),
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  };
  let client: RedisClient;
  switch (topology.kind) {
    case 'single':
      client = new Redis(topology.url, common);
      break;
    case 'sentinel':
      client = new Redis({
        ...common,
        sentinels: topology.sentinels,
        name: topology.name,
        username: topology.username,
        password: topology.password,
        db: topology.db,
        tls: topology.tls ? {} : undefined,
        enableTLSForSentinelMode: topology.tls,
        sentinelRetryStrategy: (attempt) => redisReconnectDelay(attempt),
        failoverDetector: true,
      });
      break;
    case 'cluster':
      client = new Cluster(topology.nodes, {
        enableOfflineQueue: true,
        enableReadyCheck: false,
        scaleReads: 'master',
        maxRedirections: 16,
        slotsRefreshTimeout: timeoutMs,
        clusterRetryStrategy: (attempt) => redisReconnectDelay(attempt),
        // Node connections queue while they connect; the Cluster's own queue (off once ready) decides fail-fast.
        redisOptions: {
          ...common,
          username: topology.username,
          password: topology.password,
          tls: topology.tls ? {} : undefined,
        },
      });
      break;
  }
  // Errors surface on the commands; without a listener ioredis would print every reconnect failure.
  client.on('error', () => undefined);
  // Once connected, an outage must not queue commands until Redis returns.
  client.once('ready', () => (client.options.enableOfflineQueue = false));
  return client;
}

/** Resolves once the connection is ready or `timeoutMs` has passed (boot goes on either way; calls then degrade). */
export async function whenRedisReady(client: RedisClient, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return true;
  let timer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => client.once('ready', (onReady = () => resolve(true)))),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (onReady) client.off('ready', onReady);
  return ready;
}
