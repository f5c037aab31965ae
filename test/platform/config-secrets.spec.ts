import { describeConfig } from '@gw/config';
// The whole module graph, so every config class of the gateway is registered.
import '../../apps/gateway/src/gateway.module';
import '@gw/nhs-sandbox';

/**
 * GET /admin/config shows describeConfig(). Any setting whose name says it is a credential must be
 * declared @Secret() so its value is masked there; this catches one added without it.
 */
const CREDENTIAL = /(API_KEY|PRIVATE_KEY|SECRET|PASSWORD|PSEUDONYM_KEY|TOKEN)$|^REDIS_URL$/;

describe('config secrets', () => {
  const keys = Object.values(describeConfig({})).flatMap((c) => Object.keys(c));

  it('finds the credentials among the settings', () => {
    expect(keys).toEqual(expect.arrayContaining(['ADMIN_API_KEY', 'NHS_PRIVATE_KEY', 'REDIS_URL']));
  });

  it('masks every credential-named setting in the admin config view', () => {
    const credentials = keys.filter((k) => CREDENTIAL.test(k));
    const env = Object.fromEntries(credentials.map((k) => [k, k === 'REDIS_URL' ? 'redis://:sentinel-pw@redis:6379' : `sentinel-${k}`]));
    const view = describeConfig(env);
    const shown = JSON.stringify(view);
    for (const k of credentials) expect(`${k}: ${shown.includes(String(env[k])) ? 'visible' : 'masked'}`).toBe(`${k}: masked`);
  });
});
