import { createHash } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { CacheConfig, createKeyValueStore, KeyValueStore } from '@gw/cache';
import { XuaConfig } from './xua.config';

/** Longest a MessageID is remembered, for an assertion allowed to have no NotOnOrAfter. */
const MAX_REMEMBER_MS = 24 * 3600_000;

/**
 * Makes the wsa:MessageID of a message that carried a verified assertion one-shot: a second
 * message with the same id, while that assertion is still valid, is a replay. The assertion
 * itself may be reused for many messages — that is normal XUA; only the MessageID is one-shot.
 *
 * Ids are remembered, under a hash (a bounded key holding no caller text) until the assertion
 * expires, in the shared KeyValueStore when it is Redis (so a replay to another instance is caught),
 * else in a bounded in-memory store of their own. A store that cannot answer makes `firstSeen` throw: the caller must refuse.
 */
@Injectable()
export class MessageReplayGuard {
  private readonly store: KeyValueStore;

  constructor(
    private readonly cfg: XuaConfig,
    @Optional() store?: KeyValueStore,
  ) {
    if (store?.kind === 'redis') {
      this.store = store;
    } else {
      // In memory the ids get a bounded store of their own: sharing the cache's would let a flood of
      // signed messages evict cached documents. Without the gateway's cache module (a bare SOAP edge in
      // a test) there is no shared store at all. Either way this process alone remembers them.
      this.store = createKeyValueStore({ ...new CacheConfig(), REDIS_URL: undefined });
      if (this.enabled && !store)
        new Logger(MessageReplayGuard.name).warn('No shared cache: wsa:MessageIDs are remembered in this process only');
    }
  }

  get enabled(): boolean {
    return this.cfg.XUA_MODE !== 'off' && this.cfg.XUA_REFUSE_REPEATED_MESSAGE_ID;
  }

  /**
   * True the first time `messageId` is seen, false for a repeat within the window: until
   * `acceptedUntil` (the assertion's NotOnOrAfter + skew, epoch ms), or the maximum assertion
   * lifetime when unknown. Throws when the store does not answer.
   */
  async firstSeen(messageId: string, acceptedUntil: number | undefined, now = Date.now()): Promise<boolean> {
    const fallback =
      this.cfg.XUA_MAX_ASSERTION_LIFETIME_S > 0
        ? (this.cfg.XUA_MAX_ASSERTION_LIFETIME_S + this.cfg.XUA_CLOCK_SKEW_S) * 1000
        : MAX_REMEMBER_MS;
    const ttlMs = Math.min(Math.max((acceptedUntil ?? now + fallback) - now, 1000), MAX_REMEMBER_MS);
    const key = `msgid:${createHash('sha256').update(messageId).digest('base64url')}`;
    return this.store.setIfAbsent(key, 1, ttlMs);
  }
}
