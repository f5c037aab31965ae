import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthConfig } from '../auth.config';
import { jwkThumbprint } from './rsa-keys.util';
import { SigningKeyService } from './signing-key.service';

/** The NHS signing key from configuration: PEM in the environment (escaped newlines allowed) or a file. */
describe('SigningKeyService', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cfg = (over: Partial<AuthConfig>) => Object.assign(new AuthConfig(), over);

  it('loads a key file, names it by its RFC 7638 thumbprint, and publishes only its public half', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sk-'));
    try {
      writeFileSync(join(dir, 'key.pem'), pem);
      const svc = new SigningKeyService(cfg({ NHS_PRIVATE_KEY_FILE: join(dir, 'key.pem') }));
      expect(svc.key().kid).toBe(jwkThumbprint(privateKey));
      const [jwk] = svc.jwks().keys;
      expect(jwk).toEqual({ kty: 'RSA', kid: jwkThumbprint(privateKey), use: 'sig', alg: 'RS512', n: expect.any(String), e: 'AQAB' });
      expect(createPublicKey({ key: jwk as never, format: 'jwk' }).export({ format: 'pem', type: 'spki' })).toBe(
        createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts a PEM with escaped newlines in NHS_PRIVATE_KEY, and the configured kid', () => {
    const svc = new SigningKeyService(cfg({ NHS_PRIVATE_KEY: pem.replace(/\n/g, '\\n'), NHS_KEY_ID: 'prod-2026-1' }));
    expect(svc.key().kid).toBe('prod-2026-1');
    expect(svc.jwks().keys[0].kid).toBe('prod-2026-1');
  });

  it('refuses a key that is not RSA', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => new SigningKeyService(cfg({ NHS_PRIVATE_KEY: ec })).key()).toThrow(/RSA/);
  });

  it('publishes the keys of NHS_JWKS_EXTRA_FILE after the current one (rotation), refusing private material', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sk-'));
    try {
      const next = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const nextJwk = { ...(next.publicKey.export({ format: 'jwk' }) as object), kid: 'next-key' };
      writeFileSync(join(dir, 'extra.json'), JSON.stringify({ keys: [nextJwk] }));
      const svc = new SigningKeyService(cfg({ NHS_PRIVATE_KEY: pem, NHS_KEY_ID: 'current', NHS_JWKS_EXTRA_FILE: join(dir, 'extra.json') }));
      expect(svc.jwks().keys.map((k) => k.kid)).toEqual(['current', 'next-key']);
      expect(svc.jwks().keys[1]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS512' });

      writeFileSync(
        join(dir, 'leaky.json'),
        JSON.stringify({ keys: [{ ...(next.privateKey.export({ format: 'jwk' }) as object), kid: 'oops' }] }),
      );
      const leaky = new SigningKeyService(cfg({ NHS_PRIVATE_KEY: pem, NHS_JWKS_EXTRA_FILE: join(dir, 'leaky.json') }));
      expect(() => leaky.jwks()).toThrow(/private key material/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
