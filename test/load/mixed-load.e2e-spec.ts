import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { runMixedLoad } from './mixed-load';

/** The load scenario itself works: against two real gateways on one cache, every step of every patient succeeds. */
describe('npm run load scenario (mixed ITI-55/38/39)', () => {
  let a: StartedGateway;
  let b: StartedGateway;
  beforeAll(async () => {
    // A retrieve on B finds what a query on A stored only through Redis; on a loaded test machine the
    // default 500 ms cache deadline can pass, and the gateway then (rightly) serves without the cache.
    const shared = { REDIS_URL: process.env.TEST_REDIS_URL ?? '', CACHE_OP_TIMEOUT_MS: '5000' };
    a = await startGateway(shared);
    b = await startGateway({ ...shared, CACHE_NAMESPACE: a.env.CACHE_NAMESPACE });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('discovers, queries and retrieves each patient over both instances with no error, the bytes matching their entry', async () => {
    const s = await runMixedLoad({ urls: [a.url, b.url], patients: 3, rate: 12, rampSeconds: 1, durationSeconds: 4 });
    for (const [tx, f] of Object.entries(s.byTransaction)) {
      expect(`${tx}: ${f.errors} errors${f.firstError ? ` (${f.firstError})` : ''}`).toBe(`${tx}: 0 errors`);
      expect(f.ok).toBeGreaterThan(0);
    }
  });
});
