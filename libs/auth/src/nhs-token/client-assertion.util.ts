import { randomUUID, sign, type KeyObject } from 'node:crypto';

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

export function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function buildClientAssertion(i: ClientAssertionInput): string {
  const now = i.nowSeconds ?? Math.floor(Date.now() / 1000);
  const header = { alg: 'RS512', typ: 'JWT', kid: i.kid };
  const claims = {
    iss: i.apiKey,
    sub: i.apiKey,
    aud: i.tokenUrl,
    jti: i.jti ?? randomUUID(),
    exp: now + Math.min(i.ttlSeconds, 300),
  };
  const signingInput = `${b64urlJson(header)}.${b64urlJson(claims)}`;
  const signature = sign('sha512', Buffer.from(signingInput), i.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}
