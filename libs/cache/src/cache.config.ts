import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { EnvConfig, Secret } from '@gw/config';

/** Cache settings. With REDIS_URL unset the gateway runs on an in-memory store (one process only). */
@EnvConfig()
export class CacheConfig {
  /** redis:// or rediss:// URL; masked in the admin view because it may carry a password. */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  @Secret()
  REDIS_URL?: string = undefined;

  /** Prefix of every cache key in Redis (`<namespace>::<key>`), so several gateways can share one Redis. */
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'must be 1-32 letters, digits, "-" or "_"' })
  CACHE_NAMESPACE = 'gw';

  /** Deadline of one cache operation; past it the call degrades (miss / no-op) instead of waiting for Redis. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  CACHE_OP_TIMEOUT_MS = 500;

  /** Upper bound on entries of the in-memory store (oldest evicted first). */
  @IsInt()
  @Min(1)
  CACHE_MEMORY_MAX_ENTRIES = 10_000;
}
