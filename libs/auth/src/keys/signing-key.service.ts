import { Injectable, Logger } from '@nestjs/common';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuthConfig } from '../auth.config';
import { jwkThumbprint, publicJwk, type Jwks } from './rsa-keys.util';

export class SigningKeyMissingError extends Error {
  override readonly name = 'SigningKeyMissingError';
}

/**
 * The gateway's RS512 signing key for NHS client assertions, loaded once from NHS_PRIVATE_KEY (PEM)
 * or NHS_PRIVATE_KEY_FILE. Its public half is served as a JWKS so NHS England (or the sandbox) can
 * verify our assertions. A missing key is reported when first used, not at boot, so a gateway that
 * never calls PDS still starts.
 */
@Injectable()
export class SigningKeyService {
  private readonly logger = new Logger(SigningKeyService.name);
  private loaded?: { privateKey: KeyObject; kid: string };

  constructor(private readonly cfg: AuthConfig) {}

  get available(): boolean {
    return Boolean(this.cfg.NHS_PRIVATE_KEY || this.cfg.NHS_PRIVATE_KEY_FILE);
  }

  key(): { privateKey: KeyObject; kid: string } {
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

  /** Our public keys as a JWKS (empty when no key is configured). */
  jwks(): Jwks {
    if (!this.available) return { keys: [] };
    const { privateKey, kid } = this.key();
    return { keys: [publicJwk(createPublicKey(privateKey), kid)] };
  }
}
