import { EventEmitter } from 'node:events';
import type { RedisClient } from './redis-connection.factory';

/**
 * The Keyv storage adapter on an ioredis connection (any topology): Keyv serialises, this stores
 * strings under `<namespace>::<key>` (the layout of @keyv/redis, so keys written before stay
 * readable) with PX expiry. Only single-key commands, so it works unchanged on Cluster.
 */
export class RedisKeyvAdapter extends EventEmitter {
  /** Set by Keyv; the prefix is fixed at construction so Keyv's own prefixing stays off. */
  namespace?: string;
  readonly opts = { dialect: 'redis' };

  constructor(
    readonly client: RedisClient,
    private readonly prefix: string,
  ) {
    super();
  }

  /** The Redis key of a cache key. */
  redisKey(key: string): string {
    return `${this.prefix}::${key}`;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(this.redisKey(key))) ?? undefined;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const reply =
      ttlMs && ttlMs > 0 ? await this.client.set(this.redisKey(key), value, 'PX', ttlMs) : await this.client.set(this.redisKey(key), value);
    return reply === 'OK';
  }

  /** SET NX PX: true when written now, false when the key was already there. */
  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(this.redisKey(key), value, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.del(this.redisKey(key))) > 0;
  }

  /** Never used by the gateway; refusing beats a SCAN over every Cluster node. */
  async clear(): Promise<void> {
    throw new Error('clearing the Redis cache is not supported');
  }
}
