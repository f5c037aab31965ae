import { AuthConfig, NhsAccessTokenService, SigningKeyService } from '@gw/auth';
import { CacheConfig, createKeyValueStore, KeyvStore, SharedSingleFlight } from '@gw/cache';
import { startNhsSandbox, type NhsSandbox } from '@gw/nhs-sandbox';
import { received, TEST_API_KEY, TEST_KID, testJwks, testKeys } from './nhs-harness';

/**
 * Several gateway instances on one Redis use one NHS access token: the first to need one
 * exchanges it under the shared lock, the others take it from Redis; a token PDS refused is
 * dropped for all of them.
 */
describe('one NHS access token for every instance sharing the Redis', () => {
  let sandbox: NhsSandbox;
  const stores: KeyvStore[] = [];
  const services: NhsAccessTokenService[] = [];

  function instance(namespace: string): NhsAccessTokenService {
    const auth = Object.assign(new AuthConfig(), {
      NHS_API_KEY: TEST_API_KEY,
      NHS_PRIVATE_KEY: testKeys().pem,
      NHS_KEY_ID: TEST_KID,
      NHS_TOKEN_URL: sandbox.tokenUrl,
    });
    const cache = Object.assign(new CacheConfig(), { REDIS_URL: process.env.TEST_REDIS_URL, CACHE_NAMESPACE: namespace });
    const store = createKeyValueStore(cache);
    stores.push(store);
    const svc = new NhsAccessTokenService(auth, new SigningKeyService(auth), store, new SharedSingleFlight(store, cache));
    services.push(svc);
    return svc;
  }

  beforeAll(async () => {
    sandbox = await startNhsSandbox({ port: 0 });
    sandbox.registerApp({ apiKey: TEST_API_KEY, jwks: testJwks() });
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.onApplicationShutdown()));
    await Promise.all(stores.map((s) => s.close()));
    await sandbox.close();
  });

  it('exchanges once for 30 concurrent callers over three instances, and all use that token', async () => {
    const ns = `tok${Date.now()}`;
    const three = [instance(ns), instance(ns), instance(ns)];
    const before = received(sandbox, '/oauth2/token').length;
    const tokens = await Promise.all(Array.from({ length: 30 }, (_, i) => three[i % 3].accessToken()));
    expect(received(sandbox, '/oauth2/token').length - before).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(three.map((s) => s.exchanges).reduce((a, b) => a + b)).toBe(1);

    // An instance started later takes the stored token too.
    await expect(instance(ns).accessToken()).resolves.toBe(tokens[0]);
    expect(received(sandbox, '/oauth2/token').length - before).toBe(1);
  });

  it('drops a refused token for every instance: the next caller anywhere gets one new token', async () => {
    const ns = `tokinv${Date.now()}`;
    const [a, b] = [instance(ns), instance(ns)];
    const first = await a.accessToken();
    await expect(b.accessToken()).resolves.toBe(first);
    sandbox.expireTokens();
    await a.invalidate(first);
    const before = received(sandbox, '/oauth2/token').length;
    const [fromA, fromB] = await Promise.all([
      a.accessToken(),
      b
        .accessToken()
        .then(() => b.invalidate(first))
        .then(() => b.accessToken()),
    ]);
    expect(fromA).not.toBe(first);
    expect(fromB).toBe(fromA);
    expect(received(sandbox, '/oauth2/token').length - before).toBe(1);
  });
});
