import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { generateKeyPair as generateKeyPairCb } from 'node:crypto';
import { promisify } from 'node:util';
import { AuthConfig } from '../auth.config';
import { KeyRotationError, rotateRing, rotationDue, type KeyRingEntry, type KeyStatus } from './key-ring';
import { jwkThumbprint, publicJwk } from './rsa-keys.util';
import { SigningKeyService } from './signing-key.service';

const generateKeyPair = promisify(generateKeyPairCb);
const DAY_MS = 86_400_000;

/**
 * `keys rotate`: creates the next signing key and writes it to the ring, published at once and
 * signing from NHS_KEY_ROTATION_OVERLAP_S later; the keys it replaces leave the JWKS
 * NHS_KEY_ROTATION_RETIRE_AFTER_S after the switch (never sooner than an assertion's lifetime).
 * One instance at a time (the store's rotation lock); with NHS_KEY_ROTATION_INTERVAL_DAYS > 0 every
 * instance checks at each ring reload whether a rotation is due, and the lock lets one do it.
 */
@Injectable()
export class KeyRotationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KeyRotationService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly cfg: AuthConfig,
    private readonly keys: SigningKeyService,
  ) {}

  onModuleInit(): void {
    if (!this.keys.store || this.cfg.NHS_KEY_ROTATION_INTERVAL_DAYS === 0) return;
    this.timer = setInterval(() => void this.rotateIfDue(), this.cfg.NHS_KEY_RING_REFRESH_S * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Seconds between the switch and the retirement of the previous key: the assertion lifetime at least. */
  get retireAfterS(): number {
    return Math.max(this.cfg.NHS_KEY_ROTATION_RETIRE_AFTER_S, this.cfg.NHS_ASSERTION_TTL_S);
  }

  async rotate(now = Date.now): Promise<KeyStatus[]> {
    const store = this.keys.store;
    if (!store) throw new KeyRotationError('not-enabled', 'Key rotation needs a key ring store: set NHS_KEY_STORE to redis or folder');
    // An instance that has not reloaded the ring yet would publish a JWKS without the new key while others sign with it.
    if (this.cfg.NHS_KEY_ROTATION_OVERLAP_S <= this.cfg.NHS_KEY_RING_REFRESH_S)
      throw new KeyRotationError('not-enabled', 'NHS_KEY_ROTATION_OVERLAP_S must be longer than NHS_KEY_RING_REFRESH_S');
    // Generated before taking the lock: a 4096-bit key can take seconds.
    const next = await this.newEntry();
    await store.exclusive(async () => {
      const ring = (await store.load()) ?? this.keys.seedRing();
      const rotated = rotateRing(ring, next, now(), this.cfg.NHS_KEY_ROTATION_OVERLAP_S * 1000, this.retireAfterS * 1000);
      await store.save(rotated);
    });
    await this.keys.refresh();
    const status = this.keys.statuses().find((k) => k.kid === next.kid);
    this.logger.log(`NHS signing key ${next.kid} created in ${store.where}; published now, signing from ${status?.activeFrom}`);
    return this.keys.statuses();
  }

  private async rotateIfDue(): Promise<void> {
    if (!rotationDue(this.keys.currentRing(), Date.now(), this.cfg.NHS_KEY_ROTATION_INTERVAL_DAYS * DAY_MS)) return;
    try {
      await this.rotate();
    } catch (e) {
      // Another instance rotating (busy) or having just rotated (pending) is the expected race.
      if (e instanceof KeyRotationError && (e.reason === 'busy' || e.reason === 'pending')) return;
      this.logger.warn(`Scheduled NHS key rotation failed: ${(e as Error).message}`);
    }
  }

  private async newEntry(): Promise<Omit<KeyRingEntry, 'createdAt' | 'activeFrom' | 'retireAfter'>> {
    const { privateKey } = await generateKeyPair('rsa', { modulusLength: this.cfg.NHS_KEY_BITS });
    const kid = jwkThumbprint(privateKey);
    const passphrase = this.cfg.NHS_KEY_RING_PASSPHRASE;
    const privateKeyPem = passphrase
      ? privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString()
      : privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return { kid, jwk: publicJwk(privateKey, kid), privateKeyPem, ...(passphrase ? { encrypted: true } : {}) };
  }
}
