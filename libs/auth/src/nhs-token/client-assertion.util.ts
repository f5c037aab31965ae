import { randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/**
 * The signed JWT client assertion NHS England's OAuth2 token endpoint requires
 * (application-restricted, signed JWT): header alg RS512, typ JWT, kid; claims iss = sub = API key,
 * aud = the token endpoint URL, a fresh jti, exp at most 300 s ahead.
 */
export interface ClientAssertionInput {
  apiKey: string;
  tokenUrl: string;
  kid: string;
  privateKey: KeyObject;
  /** Seconds the assertion is valid for (≤ 300). */
  ttlSeconds: number;
  nowSeconds?: number;
  jti?: string;
}

/** base64url of a JSON value: a JWT segment (tests use it to build deliberately malformed tokens). */
export function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function buildClientAssertion(i: ClientAssertionInput): string {
  const now = i.nowSeconds ?? Math.floor(Date.now() / 1000);
  const claims = {
    iss: i.apiKey,
    sub: i.apiKey,
    aud: i.tokenUrl,
    jti: i.jti ?? randomUUID(),
    exp: now + Math.min(i.ttlSeconds, 300),
  };
  // jsonwebtoken writes the header { alg: 'RS512', typ: 'JWT', kid }; noTimestamp because NHS
  // specifies no iat claim, and exp is set explicitly so the 300 s ceiling is visible here.
  return jwt.sign(claims, i.privateKey, { algorithm: 'RS512', keyid: i.kid, noTimestamp: true });
}
