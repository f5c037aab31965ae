import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** A public key as published in a JWKS for RS512 client assertions. */
export interface RsaPublicJwk {
  kty: 'RSA';
  kid: string;
  use: 'sig';
  alg: 'RS512';
  n: string;
  e: string;
}

export interface Jwks {
  keys: RsaPublicJwk[];
}

/** A fresh 4096-bit RSA key pair as PEM (NHS asks for 4096-bit keys). */
export function generateRsaKeyPair(bits = 4096): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function publicOf(key: KeyObject): KeyObject {
  return key.type === 'public' ? key : createPublicKey(key);
}

/** RFC 7638 thumbprint: a stable key id when none is configured. */
export function jwkThumbprint(key: KeyObject): string {
  const jwk = publicOf(key).export({ format: 'jwk' }) as { n: string; e: string };
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

export function publicJwk(key: KeyObject, kid: string): RsaPublicJwk {
  const jwk = publicOf(key).export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', kid, use: 'sig', alg: 'RS512', n: jwk.n, e: jwk.e };
}
