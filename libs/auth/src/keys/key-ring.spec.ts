import { KeyRotationError, keyStatuses, publishedEntries, rotateRing, rotationDue, signingEntry, type KeyRing } from './key-ring';
import type { RsaPublicJwk } from './rsa-keys.util';

/** The ring's timeline: which key signs and which are published, from the entries' own dates. */
describe('key ring', () => {
  const jwk = (kid: string): RsaPublicJwk => ({ kty: 'RSA', kid, use: 'sig', alg: 'RS512', n: 'n', e: 'AQAB' });
  const T0 = Date.parse('2026-01-01T00:00:00Z');
  const seed: KeyRing = {
    version: 1,
    keys: [{ kid: 'k0', jwk: jwk('k0'), createdAt: new Date(T0).toISOString(), activeFrom: new Date(0).toISOString() }],
  };
  const kids = (ring: KeyRing, now: number) => publishedEntries(ring, now).map((e) => e.kid);

  it('publishes the next key at once, signs with it after the overlap, and retires the old one after the retire delay', () => {
    const ring = rotateRing(seed, { kid: 'k1', jwk: jwk('k1'), privateKeyPem: 'pem' }, T0, 3_600_000, 600_000);
    expect(kids(ring, T0)).toEqual(['k0', 'k1']);
    expect(signingEntry(ring, T0)?.kid).toBe('k0');
    expect(signingEntry(ring, T0 + 3_599_999)?.kid).toBe('k0');
    expect(signingEntry(ring, T0 + 3_600_000)?.kid).toBe('k1');
    expect(kids(ring, T0 + 4_199_999)).toEqual(['k0', 'k1']);
    expect(kids(ring, T0 + 4_200_000)).toEqual(['k1']);
    expect(keyStatuses(ring, T0).map((s) => s.state)).toEqual(['active', 'pending']);
    expect(keyStatuses(ring, T0 + 3_600_000).map((s) => s.state)).toEqual(['previous', 'active']);
    expect(keyStatuses(ring, T0 + 4_200_000).map((s) => s.state)).toEqual(['retired', 'active']);
  });

  it('refuses a rotation while a key is pending, and drops retired keys at the next one', () => {
    const once = rotateRing(seed, { kid: 'k1', jwk: jwk('k1') }, T0, 1_000, 1_000);
    expect(() => rotateRing(once, { kid: 'k2', jwk: jwk('k2') }, T0 + 500, 1_000, 1_000)).toThrow(KeyRotationError);
    const twice = rotateRing(once, { kid: 'k2', jwk: jwk('k2') }, T0 + 5_000, 1_000, 1_000);
    expect(twice.keys.map((k) => k.kid)).toEqual(['k1', 'k2']);
    expect(twice.keys[0].retireAfter).toBe(new Date(T0 + 7_000).toISOString());
  });

  it('makes a first key active at once: there is no key to overlap with', () => {
    const ring = rotateRing({ version: 1, keys: [] }, { kid: 'k1', jwk: jwk('k1') }, T0, 3_600_000, 600_000);
    expect(signingEntry(ring, T0)?.kid).toBe('k1');
  });

  it('finds a scheduled rotation due when the newest key is older than the interval and none is pending', () => {
    const day = 86_400_000;
    expect(rotationDue(seed, T0 + 89 * day, 90 * day)).toBe(false);
    expect(rotationDue(seed, T0 + 90 * day, 90 * day)).toBe(true);
    expect(rotationDue(seed, T0 + 90 * day, 0)).toBe(false);
    const pending = rotateRing(seed, { kid: 'k1', jwk: jwk('k1') }, T0 + 90 * day, 3_600_000, 600_000);
    expect(rotationDue(pending, T0 + 90 * day + 1, 90 * day)).toBe(false);
  });
});
