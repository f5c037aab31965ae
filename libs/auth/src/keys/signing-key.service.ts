/* eslint-disable security/detect-non-literal-fs-filename -- key and JWKS paths come from operator settings (NHS_PRIVATE_KEY_FILE, NHS_JWKS_EXTRA_FILE), never from a request */
import { Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KeyValueStore } from '@gw/cache';
import { AuthConfig } from '../auth.config';
import { keyStatuses, publishedEntries, signingEntry, type KeyRing, type KeyRingEntry, type KeyStatus } from './key-ring';
import { FolderKeyRingStore } from './key-ring-folder.store';
import { RedisKeyRingStore } from './key-ring-redis.store';
import type { KeyRingStore } from './key-ring.store';
import { jwkThumbprint, publicJwk, type Jwks, type RsaPublicJwk } from './rsa-keys.util';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

export class SigningKeyMissingError extends Error {
  override readonly name = 'SigningKeyMissingError';
}

/** The ring store NHS_KEY_STORE names, or undefined for `config` (one configured key, no rotation). */
export function keyRingStore(cfg: AuthConfig, kv?: KeyValueStore): KeyRingStore | undefined {
  if (cfg.NHS_KEY_STORE === 'config') return undefined;
  if (cfg.NHS_KEY_STORE === 'folder') {
    if (!cfg.NHS_KEY_DIR) throw new Error('NHS_KEY_STORE=folder needs NHS_KEY_DIR');
    return new FolderKeyRingStore(cfg.NHS_KEY_DIR);
  }
  // An in-memory cache is per process: instances would each rotate alone and lose keys on restart.
  if (kv?.kind !== 'redis') throw new Error('NHS_KEY_STORE=redis needs the Redis cache (REDIS_URL)');
  return new RedisKeyRingStore(kv);
}

/**
 * The gateway's RS512 signing keys for NHS client assertions, and their public halves served as a
 * JWKS so NHS England (or the sandbox) can verify our assertions.
 *
 * With NHS_KEY_STORE=config: the one key of NHS_PRIVATE_KEY (PEM) or NHS_PRIVATE_KEY_FILE, loaded once.
 * With a ring store (redis, folder): the key ring, reloaded every NHS_KEY_RING_REFRESH_S. Each ring
 * entry carries its own activeFrom, so every instance switches to a new key at the same moment
 * from the ring it holds, without waiting for a reload. Until a ring is stored (first rotation) the
 * configured key is the ring's only entry.
 *
 * A missing key is reported when first used, not at boot, so a gateway that never calls PDS still starts.
 */
@Injectable()
export class SigningKeyService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SigningKeyService.name);
  private loaded?: { privateKey: KeyObject; kid: string };
  private extra?: RsaPublicJwk[];
  readonly store?: KeyRingStore;
  private ring?: KeyRing;
  private readonly opened = new Map<string, KeyObject>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly cfg: AuthConfig,
    @Optional() kv?: KeyValueStore,
  ) {
    this.store = keyRingStore(cfg, kv);
  }

  async onModuleInit(): Promise<void> {
    if (!this.store) return;
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.cfg.NHS_KEY_RING_REFRESH_S * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  get available(): boolean {
    if (this.store && this.ring) return this.ring.keys.length > 0;
    return Boolean(this.cfg.NHS_PRIVATE_KEY || this.cfg.NHS_PRIVATE_KEY_FILE);
  }

  /** Reloads the ring; a store that cannot be read leaves the ring held (keys keep working through an outage). */
  async refresh(): Promise<void> {
    if (!this.store) return;
    try {
      const ring = await this.store.load();
      this.ring = ring ?? this.ring ?? this.seedRing();
    } catch (e) {
      this.ring ??= this.seedRing();
      this.logger.warn(`Could not reload the NHS key ring from ${this.store.where}: ${(e as Error).message}; keeping the keys held`);
    }
  }

  /** The ring as held by this instance, or the configured key as its only entry (createdAt now). */
  currentRing(): KeyRing {
    return this.ring ?? this.seedRing();
  }

  /** The ring the configured key starts: that key, active since ever, its private half left out. */
  seedRing(): KeyRing {
    if (!this.cfg.NHS_PRIVATE_KEY && !this.cfg.NHS_PRIVATE_KEY_FILE) return { version: 1, keys: [] };
    const { privateKey, kid } = this.configuredKey();
    const epoch = new Date(0).toISOString();
    return { version: 1, keys: [{ kid, jwk: publicJwk(privateKey, kid), createdAt: new Date().toISOString(), activeFrom: epoch }] };
  }

  /** The key that signs now: the configured one, or the ring's newest key whose activeFrom has passed. */
  key(): { privateKey: KeyObject; kid: string } {
    if (!this.store) return this.configuredKey();
    const entry = signingEntry(this.currentRing(), Date.now());
    if (!entry)
      throw new SigningKeyMissingError(`No NHS signing key in the key ring (${this.store.where}): run \`npm run keys -- rotate\``);
    return { privateKey: this.privateKeyOf(entry), kid: entry.kid };
  }

  /** Ids, states and dates of the keys (never key material). */
  statuses(): KeyStatus[] {
    if (!this.store && !this.available) return [];
    return keyStatuses(this.store ? this.currentRing() : this.seedRing(), Date.now());
  }

  /**
   * Our public keys as a JWKS: every key of the ring not retired (the next key from the moment it is
   * created, the previous one until its retireAfter), then the keys of NHS_JWKS_EXTRA_FILE.
   */
  jwks(): Jwks {
    const keys: RsaPublicJwk[] = [];
    if (this.store) keys.push(...publishedEntries(this.currentRing(), Date.now()).map((e) => e.jwk));
    else if (this.available) {
      const { privateKey, kid } = this.key();
      keys.push(publicJwk(createPublicKey(privateKey), kid));
    }
    for (const k of this.extraKeys()) if (!keys.some((c) => c.kid === k.kid)) keys.push(k);
    return { keys };
  }

  private configuredKey(): { privateKey: KeyObject; kid: string } {
    if (this.loaded) return this.loaded;
    const pem = this.cfg.NHS_PRIVATE_KEY
      ? this.cfg.NHS_PRIVATE_KEY.replace(/\\n/g, '\n')
      : this.cfg.NHS_PRIVATE_KEY_FILE
        ? readFileSync(this.cfg.NHS_PRIVATE_KEY_FILE, 'utf8')
        : undefined;
    if (!pem) throw new SigningKeyMissingError('No NHS signing key: set NHS_PRIVATE_KEY or NHS_PRIVATE_KEY_FILE');
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'rsa') throw new SigningKeyMissingError('NHS signing key must be an RSA key (RS512)');
    const kid = this.cfg.NHS_KEY_ID || jwkThumbprint(privateKey);
    this.logger.log(`NHS signing key loaded (kid ${kid})`);
    this.loaded = { privateKey, kid };
    return this.loaded;
  }

  /** A ring key's private half, decrypted once per process; the configured key for an entry without one. */
  private privateKeyOf(entry: KeyRingEntry): KeyObject {
    if (!entry.privateKeyPem) {
      const configured = this.configuredKey();
      if (configured.kid !== entry.kid)
        throw new SigningKeyMissingError(`Key ring entry ${entry.kid} is the configured key, but the configured key is ${configured.kid}`);
      return configured.privateKey;
    }
    let key = this.opened.get(entry.kid);
    if (!key) {
      if (entry.encrypted && !this.cfg.NHS_KEY_RING_PASSPHRASE)
        throw new SigningKeyMissingError(`Key ${entry.kid} is encrypted and NHS_KEY_RING_PASSPHRASE is not set`);
      key = createPrivateKey({ key: entry.privateKeyPem, passphrase: entry.encrypted ? this.cfg.NHS_KEY_RING_PASSPHRASE : undefined });
      this.opened.set(entry.kid, key);
    }
    return key;
  }

  /** Public keys from NHS_JWKS_EXTRA_FILE; a file holding private key material is refused. */
  private extraKeys(): RsaPublicJwk[] {
    if (this.extra) return this.extra;
    if (!this.cfg.NHS_JWKS_EXTRA_FILE) return (this.extra = []);
    const parsed = JSON.parse(readFileSync(this.cfg.NHS_JWKS_EXTRA_FILE, 'utf8')) as { keys?: Array<Record<string, unknown>> };
    this.extra = (parsed.keys ?? []).map((k, i) => {
      if (PRIVATE_MEMBERS.some((m) => m in k)) throw new Error(`NHS_JWKS_EXTRA_FILE key ${i} holds private key material`);
      if (k.kty !== 'RSA' || typeof k.kid !== 'string' || typeof k.n !== 'string' || typeof k.e !== 'string')
        throw new Error(`NHS_JWKS_EXTRA_FILE key ${i} is not an RSA public key with a kid`);
      return { kty: 'RSA', kid: k.kid, use: 'sig', alg: 'RS512', n: k.n, e: k.e };
    });
    return this.extra;
  }
}
