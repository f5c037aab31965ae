import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Keyv } from 'keyv';
import { CacheWriteError, KeyValueStore, type WriteOptions } from './key-value-store';
import { cacheErrors, cacheRequests, cacheUp, keyFamily } from './cache.metrics';
import { whenRedisReady, type RedisClient } from './redis-connection.factory';
import { waitForReplicas } from './redis-durability';
import type { RedisKeyvAdapter } from './redis-keyv.adapter';

/** The Redis side of a store: its adapter, and how many replicas must hold a durable write before it counts. */
export interface RedisBackend {
  adapter: RedisKeyvAdapter;
  durableReplicas: number;
}

class CacheTimeoutError extends Error {
  constructor(op: string, ms: number) {
    super(`cache ${op} timed out after ${ms} ms`);
  }
}

/**
 * KeyValueStore on a Keyv instance (Redis through @keyv/redis, or an in-memory Map).
 *
 * Keyv is used directly rather than through cache-manager's wrapper because cache-manager 7 swallows
 * store errors on `get` and reports `true` from `del` whatever happened; here every failure or
 * timeout is counted, logged once per outage, and degraded (miss / no-op / false) per the contract.
 * Keys are never logged: they may embed identifiers.
 */
export class KeyvStore extends KeyValueStore {
  private readonly logger = new Logger(KeyvStore.name);
  private degraded = false;
  private closed = false;
  /** In memory, the pending check-and-write per key, so two claims of one key run one after the other. */
  private readonly claims = new Map<string, Promise<unknown>>();

  constructor(
    readonly kind: 'redis' | 'memory',
    private readonly keyv: Keyv,
    private readonly opTimeoutMs: number,
    private readonly onClose: () => Promise<void> = async () => undefined,
    private readonly redis?: RedisBackend,
  ) {
    super();
    // Keyv and its adapter report errors as events too; the calls below already handle them.
    keyv.on('error', () => undefined);
    cacheUp.set({ store: kind }, 1);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const family = keyFamily(key);
    try {
      const value = await this.guard('get', () => this.keyv.get<T>(key), this.opTimeoutMs);
      cacheRequests.inc({ result: value === undefined ? 'miss' : 'hit', family });
      return value;
    } catch (e) {
      this.fail('get', e);
      cacheRequests.inc({ result: 'miss', family });
      return undefined;
    }
  }

  async set<T>(key: string, value: T, ttlMs?: number, options: WriteOptions = {}): Promise<void> {
    let stored: boolean;
    try {
      stored = await this.guard('set', () => this.keyv.set(key, value, ttlMs && ttlMs > 0 ? ttlMs : undefined), this.opTimeoutMs);
    } catch (e) {
      this.fail('set', e);
      if (options.durable) throw new CacheWriteError(`cache write did not reach the ${this.kind} store: ${(e as Error).message}`);
      return;
    }
    // Keyv reports a refused write as false rather than throwing.
    if (!stored && options.durable) throw new CacheWriteError(`the ${this.kind} store refused the write`);
    if (options.durable && this.redis && this.redis.durableReplicas > 0) await this.awaitReplicas(key);
  }

  /**
   * The Redis connection behind this store (for locks and scripts on the same topology and
   * namespace), or undefined in memory.
   */
  get redisClient(): RedisClient | undefined {
    return this.redis?.adapter.client;
  }

  /** The Redis key of a cache key (`<namespace>::<key>`). */
  redisKey(key: string): string {
    return this.redis ? this.redis.adapter.redisKey(key) : key;
  }

  /** Waits up to `timeoutMs` for the first Redis connection, so the first requests find the shared cache; true in memory. */
  async ready(timeoutMs: number): Promise<boolean> {
    return this.redis ? whenRedisReady(this.redis.adapter.client, timeoutMs) : true;
  }

  /** A durable write counts once REDIS_DURABLE_REPLICAS replicas hold it; fewer within the deadline = not stored. */
  private async awaitReplicas(key: string): Promise<void> {
    const redis = this.redis!;
    let acked: number;
    try {
      acked = await this.guard(
        'wait',
        () => waitForReplicas(redis.adapter.client, redis.adapter.redisKey(key), redis.durableReplicas, Math.max(1, this.opTimeoutMs - 50)),
        this.opTimeoutMs,
      );
    } catch (e) {
      this.fail('wait', e);
      throw new CacheWriteError(`cache write not confirmed by the replicas: ${(e as Error).message}`);
    }
    if (acked < redis.durableReplicas) {
      cacheErrors.inc({ op: 'wait' });
      throw new CacheWriteError(`cache write reached ${acked} of ${redis.durableReplicas} replicas in time`);
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return await this.guard('delete', () => this.keyv.delete(key), this.opTimeoutMs);
    } catch (e) {
      this.fail('delete', e);
      return false;
    }
  }

  async setIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean> {
    const write = this.redis ? () => this.redisSetIfAbsent(key, value, ttlMs) : () => this.memorySetIfAbsent(key, value, ttlMs);
    try {
      return await this.guard('setIfAbsent', write, this.opTimeoutMs);
    } catch (e) {
      this.fail('setIfAbsent', e);
      throw e;
    }
  }

  async isHealthy(timeoutMs: number): Promise<boolean> {
    const key = `__health__:${randomUUID()}`;
    try {
      const ok = await this.guard(
        'health',
        async () => {
          await this.keyv.set(key, 1, 5_000);
          const back = await this.keyv.get<number>(key);
          await this.keyv.delete(key);
          return back === 1;
        },
        timeoutMs,
      );
      if (ok) this.succeed();
      return ok;
    } catch (e) {
      this.fail('health', e);
      return false;
    }
  }

  /** Releases the backend; later calls degrade quietly (a miss, a no-op) without reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    await this.onClose();
  }

  /** One SET NX PX, in the value format Keyv reads back, so `get` sees the key like any other. */
  private async redisSetIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean> {
    const data = await this.keyv.serializeData({ value, expires: Date.now() + ttlMs });
    return this.redis!.adapter.setIfAbsent(key, data as string, ttlMs);
  }

  private async memorySetIfAbsent<T>(key: string, value: T, ttlMs: number): Promise<boolean> {
    const previous = this.claims.get(key) ?? Promise.resolve();
    const mine = previous.then(async () => {
      if ((await this.keyv.get(key)) !== undefined) return false;
      await this.keyv.set(key, value, ttlMs);
      return true;
    });
    const settled = mine.catch(() => undefined);
    this.claims.set(key, settled);
    try {
      return await mine;
    } finally {
      if (this.claims.get(key) === settled) this.claims.delete(key);
    }
  }

  /** Runs one backend call against a deadline; a success after an outage logs the recovery. */
  private async guard<R>(op: string, fn: () => Promise<R>, ms: number): Promise<R> {
    if (this.closed) throw new Error('cache closed');
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new CacheTimeoutError(op, ms)), ms);
          timer.unref();
        }),
      ]);
      this.succeed();
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  private succeed(): void {
    if (!this.degraded) return;
    this.degraded = false;
    cacheUp.set({ store: this.kind }, 1);
    this.logger.log(`Cache backend (${this.kind}) answering again; cache restored`);
  }

  private fail(op: string, e: unknown): void {
    if (this.closed) return;
    cacheErrors.inc({ op });
    if (this.degraded) return;
    this.degraded = true;
    cacheUp.set({ store: this.kind }, 0);
    // The message comes from the client library (connection state, timeout); it holds no key or value.
    this.logger.warn(`Cache backend (${this.kind}) failing on ${op}: ${(e as Error).message}; serving without cache until it recovers`);
  }
}
