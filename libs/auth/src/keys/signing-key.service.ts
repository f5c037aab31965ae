/* eslint-disable security/detect-non-literal-fs-filename -- key and JWKS paths come from operator settings (NHS_PRIVATE_KEY_FILE, NHS_JWKS_EXTRA_FILE), never from a request */
import { Injectable, Logger } from '@nestjs/common';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuthConfig } from '../auth.config';
import { jwkThumbprint, publicJwk, type Jwks, type RsaPublicJwk } from './rsa-keys.util';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'];

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
  private extra?: RsaPublicJwk[];

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

  /**
   * Our public keys as a JWKS: the current signing key, then the keys of NHS_JWKS_EXTRA_FILE (for a
   * rotation: the next key published before the switch, the previous one kept a while after).
   */
  jwks(): Jwks {
    const keys: RsaPublicJwk[] = [];
    if (this.available) {
      const { privateKey, kid } = this.key();
      keys.push(publicJwk(createPublicKey(privateKey), kid));
    }
    for (const k of this.extraKeys()) if (!keys.some((c) => c.kid === k.kid)) keys.push(k);
    return { keys };
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
