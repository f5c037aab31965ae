import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthConfig } from '../auth.config';
import { KeyRotationError } from './key-ring';
import { KeyRotationService } from './key-rotation.service';
import { SigningKeyService } from './signing-key.service';

/** Rotation on the folder store (NHS_KEY_DIR): the configured key seeds the ring, keys at rest, the lock. */
describe('KeyRotationService on a key folder', () => {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'keyring-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cfg = (over: Partial<AuthConfig> = {}) =>
    Object.assign(new AuthConfig(), {
      NHS_PRIVATE_KEY: pem,
      NHS_KEY_ID: 'configured',
      NHS_KEY_STORE: 'folder',
      NHS_KEY_DIR: dir,
      NHS_KEY_BITS: 2048,
      NHS_KEY_ROTATION_OVERLAP_S: 60,
      NHS_KEY_RING_REFRESH_S: 5,
      ...over,
    });
  const instance = async (c: AuthConfig) => {
    const keys = new SigningKeyService(c);
    await keys.refresh();
    return { keys, rotation: new KeyRotationService(c, keys) };
  };

  it('keeps the configured key first without copying it, and the new key encrypted with the passphrase', async () => {
    const { keys, rotation } = await instance(cfg({ NHS_KEY_RING_PASSPHRASE: 'ring-passphrase' }));
    const statuses = await rotation.rotate();
    expect(statuses.map((s) => [s.kid, s.state])).toEqual([
      ['configured', 'active'],
      [expect.any(String), 'pending'],
    ]);
    const stored = readFileSync(join(dir, 'ring.json'), 'utf8');
    expect(stored).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(stored).not.toContain('BEGIN PRIVATE KEY');
    expect(keys.key().kid).toBe('configured');
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual(['configured', statuses[1].kid]);

    // Another instance on the folder, after the switch, opens the new key with the passphrase.
    const later = await instance(cfg({ NHS_KEY_RING_PASSPHRASE: 'ring-passphrase', NHS_KEY_ROTATION_OVERLAP_S: 60 }));
    const realNow = Date.now;
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
    try {
      expect(later.keys.key().kid).toBe(statuses[1].kid);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('lets one of two concurrent rotations through and refuses the other', async () => {
    const [one, two] = [await instance(cfg()), await instance(cfg())];
    const results = await Promise.allSettled([one.rotation.rotate(), two.rotation.rotate()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(KeyRotationError);
    expect(['busy', 'pending']).toContain((refused.reason as KeyRotationError).reason);
  });

  it('refuses to rotate the configured key alone, and an overlap shorter than the ring reload', async () => {
    const plain = await instance(cfg({ NHS_KEY_STORE: 'config' }));
    await expect(plain.rotation.rotate()).rejects.toMatchObject({ reason: 'not-enabled' });
    const short = await instance(cfg({ NHS_KEY_ROTATION_OVERLAP_S: 5, NHS_KEY_RING_REFRESH_S: 5 }));
    await expect(short.rotation.rotate()).rejects.toMatchObject({ reason: 'not-enabled' });
  });

  it('refuses NHS_KEY_STORE=redis without the Redis cache', () => {
    expect(() => new SigningKeyService(cfg({ NHS_KEY_STORE: 'redis' }))).toThrow(/REDIS_URL/);
  });
});
