import { createPublicKey, randomBytes, randomUUID, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'undici';
import { readBody, send } from '../http.util';

/** A JSON Web Key Set as an application registers it (its public keys). */
export type JwkSet = { keys: Array<Record<string, unknown>> };

/**
 * A registered application: its API key and the public keys it signs assertions with, given
 * directly (`jwks`) or, as NHS England registers apps, as the URL of the app's JWKS (`jwksUrl`),
 * fetched when an assertion is checked.
 */
export interface RegisteredApp {
  apiKey: string;
  jwks?: JwkSet;
  jwksUrl?: string;
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** NHS allows exp up to now + 300 s with under 30 s of grace: +330 is rejected. */
const MAX_EXP_AHEAD_S = 329;

type Refusal = [status: number, error: string, description: string];

/**
 * NHS England's OAuth2 token endpoint for application-restricted access (client credentials with a
 * signed JWT), answering with the identity service's exact statuses and error strings
 * (apps/nhs-sandbox/data/pds/identity-service/token_endpoint_contract.json).
 */
export class TokenEndpoint {
  private readonly apps = new Map<string, RegisteredApp>();
  private readonly usedJti = new Map<string, number>();
  private readonly tokens = new Map<string, { apiKey: string; expiresAtMs: number }>();

  constructor(
    private readonly tokenUrl: () => string,
    private readonly tokenLifetimeS = 599,
  ) {}

  register(app: RegisteredApp): void {
    this.apps.set(app.apiKey, app);
  }

  /** The API key an unexpired access token was issued to, or undefined. */
  validToken(token: string): string | undefined {
    const t = this.tokens.get(token);
    if (!t || Date.now() >= t.expiresAtMs) return undefined;
    return t.apiKey;
  }

  /** Makes every issued token expired (tests of the client's refresh on 401). */
  expireAll(): void {
    for (const t of this.tokens.values()) t.expiresAtMs = 0;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req, 64_000));
    const result = await this.check(form);
    if (Array.isArray(result)) {
      const [status, error, error_description] = result;
      send(res, status, { error, error_description, message_id: randomUUID() }, {}, 'application/json');
      return;
    }
    for (const [t, v] of this.tokens) if (v.expiresAtMs < Date.now()) this.tokens.delete(t);
    const token = issueToken();
    this.tokens.set(token, { apiKey: result, expiresAtMs: Date.now() + this.tokenLifetimeS * 1000 });
    send(
      res,
      200,
      { access_token: token, expires_in: String(this.tokenLifetimeS), token_type: 'Bearer', issued_at: String(Date.now()) },
      { 'cache-control': 'no-store' },
      'application/json',
    );
  }

  /** The API key on success, or the refusal. */
  private async check(form: URLSearchParams): Promise<string | Refusal> {
    const grant = form.get('grant_type');
    if (!grant) return [400, 'invalid_request', 'grant_type is missing'];
    if (grant !== 'client_credentials') return [400, 'unsupported_grant_type', 'grant_type is invalid'];
    if (form.get('client_assertion_type') !== ASSERTION_TYPE)
      return [400, 'invalid_request', `Missing or invalid client_assertion_type - must be '${ASSERTION_TYPE}'`];
    const assertion = form.get('client_assertion');
    if (!assertion) return [400, 'invalid_request', 'Missing client_assertion'];

    const parts = assertion.split('.');
    const header = parts.length === 3 ? decode(parts[0]) : undefined;
    const claims = parts.length === 3 ? decode(parts[1]) : undefined;
    if (!header || !claims || !parts[2]) return [400, 'invalid_request', 'Malformed JWT in client_assertion'];

    if (header.alg !== 'RS512')
      return [400, 'invalid_request', "Invalid 'alg' header in client_assertion JWT - unsupported JWT algorithm - must be 'RS512'"];
    if (header.kid === undefined || header.kid === '') return [400, 'invalid_request', "Missing 'kid' header in client_assertion JWT"];
    if (header.typ !== 'JWT') return [400, 'invalid_request', "Invalid 'typ' header in client_assertion JWT - must be 'JWT'"];

    const { iss, sub, jti, exp, aud } = claims;
    if (typeof iss !== 'string' || !iss || iss !== sub)
      return [400, 'invalid_request', "Missing or non-matching 'iss'/'sub' claims in client_assertion JWT"];
    const app = this.apps.get(iss);
    if (!app) return [401, 'invalid_request', "Invalid 'iss'/'sub' claims in client_assertion JWT"];
    if (jti === undefined) return [400, 'invalid_request', "Missing 'jti' claim in client_assertion JWT"];
    if (typeof jti !== 'string' || !jti)
      return [400, 'invalid_request', "Invalid 'jti' claim in client_assertion JWT - must be a unique string value such as a GUID"];
    if (exp === undefined) return [400, 'invalid_request', "Missing 'exp' claim in client_assertion JWT"];
    if (typeof exp !== 'number' || !Number.isInteger(exp))
      return [400, 'invalid_request', "Invalid 'exp' claim in client_assertion JWT - must be an integer"];
    const now = Math.floor(Date.now() / 1000);
    if (exp <= now) return [400, 'invalid_request', "Invalid 'exp' claim in client_assertion JWT - JWT has expired"];
    if (exp > now + MAX_EXP_AHEAD_S)
      return [400, 'invalid_request', "Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future"];
    if (aud !== this.tokenUrl()) return [401, 'invalid_request', "Missing or invalid 'aud' claim in client_assertion JWT"];

    let jwks = app.jwks;
    if (!jwks && app.jwksUrl) {
      jwks = await fetchJwks(app.jwksUrl);
      if (!jwks) return [403, 'public_key error', "The JWKS endpoint, for your client_assertion can't be reached"];
    }
    if (!jwks?.keys?.length)
      return [
        403,
        'public_key error',
        'You need to register a public key to use this authentication method - please contact support to configure',
      ];
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    if (!jwk) return [401, 'invalid_request', "Invalid 'kid' header in client_assertion JWT - no matching public key"];
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk as never, format: 'jwk' });
    } catch {
      return [401, 'public_key error', 'JWT signature verification failed'];
    }
    const ok = verify('sha512', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
    if (!ok) return [401, 'public_key error', 'JWT signature verification failed'];

    this.forgetOldJti(now);
    if (this.usedJti.has(jti)) return [400, 'invalid_request', "Non-unique 'jti' claim in client_assertion JWT"];
    this.usedJti.set(jti, exp);
    return iss;
  }

  private forgetOldJti(now: number): void {
    // A jti only needs remembering until its assertion expires: after that it fails on exp anyway.
    if (this.usedJti.size < 10_000) return;
    for (const [jti, exp] of this.usedJti) if (exp < now) this.usedJti.delete(jti);
  }
}

/** The app's JWKS from its URL, or undefined when it cannot be had (unreachable, not 200, not a key set). */
async function fetchJwks(url: string): Promise<JwkSet | undefined> {
  try {
    const res = await request(url, { headersTimeout: 2_000, bodyTimeout: 2_000 });
    const body = (await res.body.json().catch(() => undefined)) as JwkSet | undefined;
    return res.statusCode === 200 && Array.isArray(body?.keys) ? body : undefined;
  } catch {
    return undefined;
  }
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Opaque token matching the shape PDS checks: letters and digits, at least one of each. */
function issueToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(28);
  let t = '';
  for (const b of bytes) t += alphabet[b % alphabet.length];
  return `${t}A1`;
}
