import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { NhsAccessTokenService } from '@gw/auth';
import { startEmbeddedNhs } from '../../apps/gateway/src/dev/start-embedded-nhs';
import { parseFaults } from '@gw/nhs-sandbox';
import { startHarness, type Harness } from './nhs-harness';

/** Fault injection (admin endpoint and NHS_SANDBOX_FAULTS) and the PDS spike arrest of the sandbox. */
describe('NHS sandbox fault injection and rate limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { pdsTps: 2 } });
  });
  afterAll(() => h.close());

  const sdsGet = () =>
    request(
      `${h.sandbox.sdsBaseUrl}/Endpoint?organization=https://fhir.nhs.uk/Id/ods-organization-code|B82617&identifier=https://fhir.nhs.uk/Id/nhsServiceInteractionId|x`,
      { headers: { apikey: 'k' } },
    );

  it('sets, lists and clears faults through /_sandbox/faults, spending a fault after `times` uses', async () => {
    const put = await request(`${h.sandbox.url}/_sandbox/faults`, {
      method: 'PUT',
      body: JSON.stringify([{ path: '/spine-directory', status: 502, times: 2 }]),
    });
    expect(put.statusCode).toBe(200);
    expect(await put.body.json()).toEqual([{ path: '/spine-directory', status: 502, times: 2 }]);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const r = await sdsGet();
      await r.body.dump();
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([502, 502, 200]);
    await (
      await request(`${h.sandbox.url}/_sandbox/faults`, {
        method: 'POST',
        body: JSON.stringify({ path: 're:^/spine-directory/.*/Endpoint$', body: 'malformed' }),
      })
    ).body.dump();
    const malformed = await sdsGet();
    expect(malformed.statusCode).toBe(200);
    await expect(malformed.body.json()).rejects.toThrow();
    const bad = await request(`${h.sandbox.url}/_sandbox/faults`, { method: 'PUT', body: '[{"status":500}]' });
    expect(bad.statusCode).toBe(400);
    await bad.body.dump();
    const notJson = await request(`${h.sandbox.url}/_sandbox/apps`, { method: 'POST', body: '{' });
    expect(notJson.statusCode).toBe(400);
    await notJson.body.dump();
    const cleared = await request(`${h.sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    expect(await cleared.body.json()).toEqual([]);
    expect((await sdsGet()).statusCode).toBe(200);
  });

  it('changes a PDS patient’s confidentiality at run time through /_sandbox/pds/patients/<nhs>/security', async () => {
    const token = await h.get(NhsAccessTokenService).accessToken();
    const read = async () => {
      const r = await request(`${h.sandbox.pdsBaseUrl}/Patient/9690937286`, {
        headers: { 'x-request-id': randomUUID(), authorization: `Bearer ${token}` },
      });
      return (await r.body.json()) as { meta: { security: Array<{ code: string }> }; address?: unknown; generalPractitioner?: unknown };
    };
    const put = async (nhs: string, body: string) => {
      const r = await request(`${h.sandbox.url}/_sandbox/pds/patients/${nhs}/security`, { method: 'PUT', body });
      await r.body.dump();
      return r.statusCode;
    };
    expect(await put('9690937286', '{"code":"R"}')).toBe(204);
    const restricted = await read();
    expect(restricted.meta.security[0].code).toBe('R');
    expect([restricted.address, restricted.generalPractitioner]).toEqual([undefined, undefined]);
    expect(await put('9690937286', '{"code":"U"}')).toBe(204);
    const restored = await read();
    expect(restored.meta.security[0].code).toBe('U');
    expect(restored.generalPractitioner).toBeDefined();
    expect(await put('9690937286', '{"code":"X"}')).toBe(400);
    expect(await put('9111231130', '{"code":"R"}')).toBe(404);
  });

  it('reads faults from NHS_SANDBOX_FAULTS (JSON) at embedded start', async () => {
    expect(() => parseFaults('[{"status":500}]')).toThrow(/path/);
    process.env.NHS_SANDBOX_FAULTS = JSON.stringify([{ path: '/oauth2/token', status: 503 }]);
    try {
      const nhs = await startEmbeddedNhs({ port: 0 });
      const res = await request(nhs!.tokenUrl, { method: 'POST', body: '' });
      await res.body.dump();
      expect(res.statusCode).toBe(503);
      await nhs!.close();
    } finally {
      delete process.env.NHS_SANDBOX_FAULTS;
    }
  });

  it('answers PDS over its per-second quota with 429 TOO_MANY_REQUESTS and Retry-After', async () => {
    const token = await h.get(NhsAccessTokenService).accessToken();
    const results = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const r = await request(`${h.sandbox.pdsBaseUrl}/Patient/9690937286`, {
          headers: { 'x-request-id': randomUUID(), authorization: `Bearer ${token}` },
        });
        return {
          status: r.statusCode,
          retryAfter: r.headers['retry-after'],
          body: (await r.body.json()) as { issue?: Array<{ details: { coding: Array<{ code: string }> } }> },
        };
      }),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].retryAfter).toBe('1');
    expect(limited[0].body.issue![0].details.coding[0].code).toBe('TOO_MANY_REQUESTS');
  });
});
