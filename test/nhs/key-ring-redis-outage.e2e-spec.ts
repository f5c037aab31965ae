import { generateKeyPairSync } from 'node:crypto';
import { AuthConfig, KeyRotationError, KeyRotationService, SigningKeyService } from '@gw/auth';
import { CacheConfig, createKeyValueStore, type KeyvStore } from '@gw/cache';
import { DisposableRedis } from '../platform/support/redis-server.util';

/**
 * The key ring on a redis-server that goes away: signing and the JWKS go on from the ring held, a
 * rotation is refused as "unavailable" (the admin API's 503) rather than writing a ring it could not read.
 */
describe('NHS key ring through a Redis outage', () => {
  let redis: DisposableRedis;
  let kv: KeyvStore;
  beforeAll(async () => {
    redis = await DisposableRedis.start();
    kv = createKeyValueStore(Object.assign(new CacheConfig(), { REDIS_URL: redis.url, CACHE_OP_TIMEOUT_MS: 300 }));
  });
  afterAll(async () => {
    await kv?.close();
    await redis?.down();
  });

  it('keeps signing with the held ring and refuses to rotate while Redis is down', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const cfg = Object.assign(new AuthConfig(), {
      NHS_PRIVATE_KEY: pem,
      NHS_KEY_ID: 'configured',
      NHS_KEY_STORE: 'redis',
      NHS_KEY_BITS: 2048,
      NHS_KEY_ROTATION_OVERLAP_S: 60,
    });
    const keys = new SigningKeyService(cfg, kv);
    const rotation = new KeyRotationService(cfg, keys);
    await keys.refresh();
    const [, next] = await rotation.rotate();

    await redis.down();
    await keys.refresh();
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual(['configured', next.kid]);
    expect(keys.key().kid).toBe('configured');
    await expect(rotation.rotate()).rejects.toEqual(expect.objectContaining({ reason: 'unavailable' }));
    await expect(rotation.rotate()).rejects.toBeInstanceOf(KeyRotationError);
  }, 60_000);
});
