import { GpRecordFetcher } from '@gw/gp-connect';
import { startNhsSandbox, type NhsSandbox } from '@gw/nhs-sandbox';
import { startHarness, TEST_API_KEY, testJwks, type Harness } from './nhs-harness';

/**
 * The clients hold no NHS host or path of their own: pointed by configuration at another NHS
 * deployment (here a second sandbox on another port), every call goes there. Production is the
 * same change of NHS_TOKEN_URL, PDS_BASE_URL and SDS_BASE_URL (GP Connect's root comes from SDS).
 */
describe('NHS clients follow the configured base URLs', () => {
  let other: NhsSandbox;
  let h: Harness;
  beforeAll(async () => {
    other = await startNhsSandbox({ port: 0, pdsTps: 1000 });
    other.registerApp({ apiKey: TEST_API_KEY, jwks: testJwks() });
    h = await startHarness({ env: { NHS_TOKEN_URL: other.tokenUrl, PDS_BASE_URL: other.pdsBaseUrl, SDS_BASE_URL: other.sdsBaseUrl } });
  });
  afterAll(async () => {
    await h.close();
    await other.close();
  });

  it('sends token, PDS, SDS and GP Connect calls only to the configured deployment', async () => {
    const out = await h.get(GpRecordFetcher).fetch('9690937286', { source: 'default' }, 'req');
    expect(out.kind).toBe('record');
    expect(h.sandbox.requests).toHaveLength(0);
    const paths = other.requests.map((r) => r.path.split('/')[1]);
    expect(new Set(paths)).toEqual(new Set(['oauth2', 'personal-demographics', 'spine-directory', 'B82617']));
  });
});
