import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Name of the admin browser-session cookie (scoped to Path=/admin). */
export const ADMIN_SESSION_COOKIE = 'gw_admin_session';

/**
 * The signing key of admin sessions, derived from ADMIN_API_KEY (HKDF-SHA-256): every instance with
 * the same admin key accepts the same sessions, and rotating the admin key ends all of them. The
 * admin key itself never leaves the server.
 */
function sessionKey(adminKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', adminKey, 'gp-record-gateway', 'admin-session-v1', 32));
}

function mac(adminKey: string, payload: string): string {
  return createHmac('sha256', sessionKey(adminKey)).update(payload).digest('base64url');
}

/** A session token `v1.<expiry epoch s>.<nonce>.<HMAC>`; it carries no identity, only "signed in until". */
export function issueSessionToken(adminKey: string, ttlSeconds: number, now = Date.now()): { token: string; expiresAt: Date } {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const payload = `v1.${exp}.${randomBytes(12).toString('base64url')}`;
  return { token: `${payload}.${mac(adminKey, payload)}`, expiresAt: new Date(exp * 1000) };
}

/** True when the token was signed with this admin key and has not expired. */
export function verifySessionToken(adminKey: string, token: string | undefined, now = Date.now()): boolean {
  const m = /^(v1\.(\d{1,12})\.[\w-]{16})\.([\w-]{43})$/.exec(token ?? '');
  if (!m) return false;
  const expected = Buffer.from(mac(adminKey, m[1]));
  const given = Buffer.from(m[3]);
  return given.length === expected.length && timingSafeEqual(given, expected) && Number(m[2]) * 1000 > now;
}

/** The value of one cookie from a Cookie header (no dependency on a cookie parser). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
