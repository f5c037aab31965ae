import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Keyv } from 'keyv';
import type KeyvRedis from '@keyv/redis';
import { KeyValueStore } from './key-value-store';
import { cacheErrors, cacheRequests, cacheUp, keyFamily } from './cache.metrics';

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

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    try {
      await this.guard('set', () => this.keyv.set(key, value, ttlMs && ttlMs > 0 ? ttlMs : undefined), this.opTimeoutMs);
    } catch (e) {
      this.fail('set', e);
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
    const write = this.kind === 'redis' ? () => this.redisSetIfAbsent(key, value, ttlMs) : () => this.memorySetIfAbsent(key, value, ttlMs);
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
    const store = this.keyv.store as KeyvRedis<unknown>;
    const client = await store.getClient();
    const data = await this.keyv.serializeData({ value, expires: Date.now() + ttlMs });
    const reply = await client.set(store.createKeyPrefix(key, store.namespace), data as string, { NX: true, PX: ttlMs });
    return reply === 'OK';
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
