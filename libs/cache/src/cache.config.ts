import { IsInt, IsOptional, Matches, Max, Min, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { EnvConfig, Secret } from '@gw/config';
import { parseRedisUrl, REDIS_URL_PATTERN } from './redis-url';

/** REDIS_URL must parse as one of the topologies; the message names the problem, never the URL (it may hold a password). */
@ValidatorConstraint({ name: 'redisTopology' })
class RedisTopologyConstraint implements ValidatorConstraintInterface {
  private problem = '';
  validate(url: unknown): boolean {
    if (typeof url !== 'string' || !REDIS_URL_PATTERN.test(url)) return true; // @Matches reports it
    try {
      parseRedisUrl(url);
      return true;
    } catch (e) {
      this.problem = (e as Error).message;
      return false;
    }
  }
  defaultMessage(): string {
    return this.problem.replace(/^REDIS_URL /, '');
  }
}

/** Cache settings. With REDIS_URL unset the gateway runs on an in-memory store (one process only). */
@EnvConfig()
export class CacheConfig {
  /**
   * One server `redis://[user:pass@]host:port[/db]`, a Sentinel-managed primary
   * `redis+sentinel://[user:pass@]host:port,host:port/<master>[/db]` or a Cluster
   * `redis+cluster://[user:pass@]host:port,host:port` (`rediss…` for TLS); masked in the admin view
   * because it may carry a password.
   */
  @IsOptional()
  @Matches(REDIS_URL_PATTERN, { message: 'must be a redis://, rediss://, redis+sentinel:// or redis+cluster:// URL' })
  @Validate(RedisTopologyConstraint)
  @Secret()
  REDIS_URL?: string = undefined;

  /**
   * Replicas that must hold a durable write (patient id mappings, the key ring) before the gateway
   * acknowledges it (Redis WAIT). 1 with Sentinel or Cluster replicas: a failover then cannot lose an
   * acknowledged write; a write the replicas did not confirm is refused as not stored. 0 = the primary's reply.
   */
  @IsInt()
  @Min(0)
  @Max(10)
  REDIS_DURABLE_REPLICAS = 0;

  /** Lease of a shared single-flight lock (the holder extends it while it works); a holder that dies blocks others at most this long. */
  @IsInt()
  @Min(500)
  @Max(120_000)
  SINGLE_FLIGHT_LEASE_MS = 5_000;

  /** How often an instance waiting on another's flight looks for its result. */
  @IsInt()
  @Min(10)
  @Max(5_000)
  SINGLE_FLIGHT_POLL_MS = 50;

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
