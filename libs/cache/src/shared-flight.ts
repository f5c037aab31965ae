import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { counter } from '@gw/observability';
import { CacheConfig } from './cache.config';
import { KeyValueStore } from './key-value-store';
import { KeyvStore } from './keyv-store';
import type { RedisClient } from './redis-connection.factory';
import { hashTag } from './redis-cluster-slot';
import { ACQUIRE_LUA, EXTEND_LUA, RELEASE_LUA } from './shared-flight.scripts';
import { SingleFlight } from './single-flight';

const flights = counter(
  'gw_single_flight_total',
  "Shared single-flight runs by role: leader (ran the work), follower (used another instance's result), degraded (Redis failing: ran it here)",
  ['role'] as const,
);

/** Fence counters outlive their last grant by a day, so tokens of one key keep growing. */
const FENCE_TTL_MS = 24 * 3_600_000;

interface Published<T> {
  token: string;
  value: T;
}

interface FlightScripts {
  gwFlightAcquire(
    lock: string,
    fence: string,
    result: string,
    owner: string,
    leaseMs: number,
    fenceTtlMs: number,
  ): Promise<[number, string]>;
  gwFlightExtend(lock: string, fence: string, result: string, token: string, leaseMs: number): Promise<number>;
  gwFlightRelease(lock: string, fence: string, result: string, token: string, json: string, ttlMs: number): Promise<number>;
}

/**
 * Single flight across every instance sharing the Redis: of all callers of `run(key)` at once, in
 * any process, one runs `produce` and the others get its result.
 *
 * In a process, callers share one promise (SingleFlight). Across processes, the first takes a
 * lock (SET NX PX through a script, with a fencing token) and extends its lease while it works;
 * when done it publishes the result beside the lock and releases it, both only while its token
 * still holds the lock. The others poll every SINGLE_FLIGHT_POLL_MS for a result carrying a token
 * they saw holding the lock, and take the lock themselves when it is free without one (the holder
 * failed, or died and its lease ran out), so a dead holder blocks them at most SINGLE_FLIGHT_LEASE_MS.
 * Waiting stops at `deadlineMs` (`undefined` back). With Redis failing, or in memory, `produce`
 * runs here: per process, as before. Values must be JSON. Keys are hashed: an identifier in the key never reaches Redis.
 */
@Injectable()
export class SharedSingleFlight {
  private readonly logger = new Logger(SharedSingleFlight.name);
  private readonly local = new SingleFlight();
  private readonly redis?: RedisClient;
  private readonly leaseMs: number;
  private readonly pollMs: number;

  /** Per process only: for code built without the cache module (unit tests, tools). */
  static perProcess(): SharedSingleFlight {
    return new SharedSingleFlight(undefined, new CacheConfig());
  }

  constructor(
    @Inject(KeyValueStore) private readonly store: KeyValueStore | undefined,
    cfg: CacheConfig,
  ) {
    this.leaseMs = cfg.SINGLE_FLIGHT_LEASE_MS;
    this.pollMs = cfg.SINGLE_FLIGHT_POLL_MS;
    this.redis = store instanceof KeyvStore ? store.redisClient : undefined;
    if (this.redis && !('gwFlightAcquire' in this.redis)) {
      this.redis.defineCommand('gwFlightAcquire', { numberOfKeys: 3, lua: ACQUIRE_LUA });
      this.redis.defineCommand('gwFlightExtend', { numberOfKeys: 3, lua: EXTEND_LUA });
      this.redis.defineCommand('gwFlightRelease', { numberOfKeys: 3, lua: RELEASE_LUA });
    }
  }

  /** Whether flights are shared with other instances (Redis) or per process (memory). */
  get shared(): boolean {
    return this.redis !== undefined;
  }

  run<T>(key: string, produce: () => Promise<T>, deadlineMs: number): Promise<T | undefined> {
    if (!this.redis) return this.local.run(key, produce);
    const redis = this.redis;
    return this.local.run(key, () => this.across(redis, key, produce, deadlineMs));
  }

  private async across<T>(redis: RedisClient, key: string, produce: () => Promise<T>, deadlineMs: number): Promise<T | undefined> {
    const scripts = redis as unknown as FlightScripts;
    const tag = hashTag(createHash('sha256').update(key).digest('hex').slice(0, 32));
    const keys = ['lock', 'fence', 'result'].map((k) => (this.store as KeyvStore).redisKey(`flight:${tag}:${k}`)) as [
      string,
      string,
      string,
    ];
    const owner = randomUUID();
    const until = Date.now() + deadlineMs;
    const seen = new Set<string>();
    try {
      for (;;) {
        const [taken, token] = await scripts.gwFlightAcquire(...keys, owner, this.leaseMs, FENCE_TTL_MS);
        if (taken === 1) return await this.lead(scripts, keys, token, produce, deadlineMs);
        seen.add(token);
        do {
          if (Date.now() + this.pollMs > until) return undefined;
          await new Promise((r) => setTimeout(r, this.pollMs));
          const raw = await redis.get(keys[2]);
          const published = raw ? (JSON.parse(raw) as Published<T>) : undefined;
          if (published && seen.has(published.token)) {
            flights.inc({ role: 'follower' });
            return published.value;
          }
          // Still held by a token already seen: keep waiting; otherwise try to take it over.
        } while (seen.has((await redis.get(keys[0])) ?? ''));
      }
    } catch (e) {
      if (e instanceof ProduceError) throw e.cause;
      // Redis failing: this process goes on alone (as without Redis).
      flights.inc({ role: 'degraded' });
      this.logger.warn(`Shared single-flight unavailable (${(e as Error).message}); running the work in this process`);
      return produce();
    }
  }

  /** Runs the work holding the lock; extends the lease meanwhile; publishes the result and releases. */
  private async lead<T>(
    scripts: FlightScripts,
    keys: [string, string, string],
    token: string,
    produce: () => Promise<T>,
    resultTtlMs: number,
  ): Promise<T> {
    flights.inc({ role: 'leader' });
    const renew = setInterval(
      () =>
        void scripts.gwFlightExtend(...keys, token, this.leaseMs).then(
          (kept) => kept === 0 && this.logger.warn('Shared single-flight lease lost while working; another instance may repeat the work'),
          () => undefined,
        ),
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    renew.unref();
    let value: T;
    try {
      value = await produce();
    } catch (e) {
      clearInterval(renew);
      await scripts.gwFlightRelease(...keys, token, '', 0).catch(() => undefined);
      throw new ProduceError(e);
    }
    clearInterval(renew);
    const published: Published<T> = { token, value };
    // A failed publish only costs the waiters a repeat of the work after the lease.
    await scripts.gwFlightRelease(...keys, token, JSON.stringify(published), Math.max(1_000, resultTtlMs)).catch(() => undefined);
    return value;
  }
}

/** The work itself failed (not Redis): passed to the caller as it is, never retried here. */
class ProduceError extends Error {
  constructor(override readonly cause: unknown) {
    super('shared flight work failed');
  }
}
