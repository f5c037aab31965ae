import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';
import { AuthConfig, SigningKeyService, type KeyStatus } from '@gw/auth';
import { CacheConfig, createKeyValueStore } from '@gw/cache';
import { loadConfig } from '@gw/config';

/**
 * `npm run keys` (tsx on scripts/keys.ts) in a real process, on the real redis-server of Jest's
 * globalSetup: it rotates the ring a gateway reads, and keeps new private keys encrypted at rest.
 */
const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/keys.ts');
const NAMESPACE = `keyscli-${process.pid}-${Date.now().toString(36)}`;
const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const env: Record<string, string> = {
  NHS_KEY_STORE: 'redis',
  REDIS_URL: process.env.TEST_REDIS_URL!,
  CACHE_NAMESPACE: NAMESPACE,
  NHS_PRIVATE_KEY: pem,
  NHS_KEY_ID: 'configured-key',
  NHS_KEY_BITS: '2048',
  NHS_KEY_RING_PASSPHRASE: 'ring-passphrase-for-tests',
  NHS_KEY_ROTATION_OVERLAP_S: '120',
  LOG_LEVEL: 'warn',
};

function keys(args: string[], over: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { cwd: ROOT, env: { ...process.env, ...env, ...over } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const parsed = (stdout: string) => JSON.parse(stdout) as { store: string; keys: KeyStatus[] };

describe('npm run keys (on Redis)', () => {
  it('rotates the ring the gateway reads, refuses a second rotation while one is pending, and lists the keys', async () => {
    const rotated = await keys(['rotate']);
    expect(rotated.code).toBe(0);
    const ring = parsed(rotated.stdout);
    expect(ring.store).toBe('redis');
    expect(ring.keys.map((k) => [k.kid, k.state])).toEqual([
      ['configured-key', 'active'],
      [expect.any(String), 'pending'],
    ]);
    expect(rotated.stdout).not.toMatch(/PRIVATE KEY/);

    const again = await keys(['rotate']);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already pending/);

    const listed = await keys(['list']);
    expect(listed.code).toBe(0);
    expect(parsed(listed.stdout).keys).toEqual(ring.keys);

    // A gateway instance on the same Redis sees the same ring: the next key published, the configured one signing.
    const cfg = loadConfig(AuthConfig, { ...process.env, ...env });
    const kv = createKeyValueStore(loadConfig(CacheConfig, { ...process.env, ...env }));
    try {
      const gateway = new SigningKeyService(cfg, kv);
      await gateway.refresh();
      expect(gateway.jwks().keys.map((k) => k.kid)).toEqual(ring.keys.map((k) => k.kid));
      expect(gateway.key().kid).toBe('configured-key');
    } finally {
      await kv.close();
    }

    // At rest: only the new key's encrypted PEM; the configured key's private half is not copied.
    const redis = new Redis(process.env.TEST_REDIS_URL!);
    try {
      const raw = (await redis.get(`${NAMESPACE}::nhs-keys:ring`))!;
      expect(raw.match(/BEGIN ENCRYPTED PRIVATE KEY/g)).toHaveLength(1);
      expect(raw).not.toContain('BEGIN PRIVATE KEY');
      await redis.del(`${NAMESPACE}::nhs-keys:ring`);
    } finally {
      redis.disconnect();
    }
  }, 150_000);

  it('refuses to rotate when the key comes from configuration alone (exit 3), and lists that key', async () => {
    const refused = await keys(['rotate'], { NHS_KEY_STORE: 'config' });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/NHS_KEY_STORE/);
    const listed = await keys(['list'], { NHS_KEY_STORE: 'config' });
    expect(parsed(listed.stdout)).toEqual({ store: 'config', keys: [expect.objectContaining({ kid: 'configured-key', state: 'active' })] });
  }, 150_000);
});
