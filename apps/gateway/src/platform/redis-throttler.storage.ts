import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { hashTag, whenRedisReady, type RedisClient } from '@gw/cache';
import { counter } from '@gw/observability';

/** Returned by increment(): the shape @nestjs/throttler expects (times in seconds). */
interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

const throttleErrors = counter(
  'gw_throttle_storage_errors_total',
  'Rate-limit checks that fell back to per-process counting because Redis failed',
);

/**
 * Fixed window per key, atomically: count the hit (the first one starts the window), and once the
 * count passes the limit write a block key for blockDuration and restart the count, as the
 * in-memory storage does. KEYS: hits, block (one hash tag, so one Cluster slot). ARGV: ttl ms, limit, block ms.
 * Returns {hits, hits pttl ms, blocked 0/1, block pttl ms}.
 */
const INCREMENT_LUA = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]), 1, blockTtl}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}
`;

const toSeconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));

/**
 * ThrottlerStorage on Redis, so every gateway instance shares one count per client (stack.md §7:
 * the npm Redis storages peer Nest ≤ 11). When Redis fails, the check falls back to per-process
 * counting (logged once, counted) rather than refusing or waving through all traffic.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly fallback = new ThrottlerStorageService();
  private failing = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    redis.defineCommand('gwThrottleIncrement', { numberOfKeys: 2, lua: INCREMENT_LUA });
  }

  /**
   * Waits (briefly) for the first connection, so the first requests are counted in Redis rather than
   * in the per-process fallback. Boot goes on without Redis after the wait; counting then degrades.
   */
  async onModuleInit(): Promise<void> {
    await whenRedisReady(this.redis, 3_000);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:throttle:${hashTag(`${throttlerName}:${key}`)}`;
    try {
      const [hits, hitsTtl, blocked, blockTtl] = (await (
        this.redis as unknown as { gwThrottleIncrement(...args: (string | number)[]): Promise<number[]> }
      ).gwThrottleIncrement(base, `${base}:block`, ttl, limit, blockDuration)) as number[];
      if (this.failing) {
        this.failing = false;
        this.logger.log('Rate-limit storage back on Redis');
      }
      return { totalHits: hits, timeToExpire: toSeconds(hitsTtl), isBlocked: blocked === 1, timeToBlockExpire: toSeconds(blockTtl) };
    } catch (e) {
      throttleErrors.inc();
      if (!this.failing) {
        this.failing = true;
        this.logger.warn(`Rate-limit storage on Redis failing (${(e as Error).message}); counting per process until it recovers`);
      }
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.fallback.onApplicationShutdown?.();
    this.redis.disconnect();
  }
}
