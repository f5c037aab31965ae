import { request } from 'undici';
import { KeyValueStore } from '@gw/cache';
import { SdsClient } from '@gw/sds';
import { DEMONSTRATOR_PRACTICE } from '@gw/nhs-sandbox';
import { received, startHarness, type Harness } from './nhs-harness';

/** SDS client ↔ sandbox SDS over HTTP: Endpoint then Device, cached in the real (Redis) KeyValueStore. */
describe('SDS FHIR client against the sandbox', () => {
  let h: Harness;
  let sds: SdsClient;
  beforeAll(async () => {
    h = await startHarness({ env: { SDS_API_KEY: 'sds-key', SDS_TIMEOUT_MS: '1500', SDS_RETRIES: '1' } });
    sds = h.get(SdsClient);
  });
  afterAll(() => h.close());
  afterEach(() => h.sandbox.faults.set([]));
  const sdsCalls = () => received(h.sandbox, '/spine-directory');

  it('resolves B82617 to the provider service root and ASID (Endpoint, then Device with the party key)', async () => {
    const before = sdsCalls().length;
    const out = await sds.lookupStructuredRecordEndpoint('b82617', { requestId: 'r1' });
    expect(out).toEqual({
      kind: 'found',
      endpoint: { odsCode: 'B82617', address: h.sandbox.gpConnectRoot, asid: DEMONSTRATOR_PRACTICE.asid, partyKey: 'B82617-0000806' },
    });
    const [ep, dev] = sdsCalls().slice(before);
    expect(ep.path).toBe('/spine-directory/FHIR/R4/Endpoint');
    expect(ep.query.get('organization')).toBe('https://fhir.nhs.uk/Id/ods-organization-code|B82617');
    expect(ep.query.getAll('identifier')).toEqual([
      'https://fhir.nhs.uk/Id/nhsServiceInteractionId|urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1',
    ]);
    expect(ep.headers.apikey).toBe('sds-key');
    expect(dev.path).toBe('/spine-directory/FHIR/R4/Device');
    expect(dev.query.getAll('identifier')).toContain('https://fhir.nhs.uk/Id/nhsMhsPartyKey|B82617-0000806');
  });

  it('serves the next lookups from the cache (Redis), with no SDS call', async () => {
    const before = sdsCalls().length;
    const outs = await Promise.all(Array.from({ length: 5 }, () => sds.lookupStructuredRecordEndpoint('B82617', { requestId: 'r2' })));
    expect(outs.every((o) => o.kind === 'found')).toBe(true);
    expect(sdsCalls().length).toBe(before);
  });

  it('makes one Endpoint and one Device call for concurrent lookups of an uncached practice (single-flight)', async () => {
    await h.get(KeyValueStore).delete('sds:gpc-structured:B82617');
    const before = sdsCalls().length;
    const outs = await Promise.all(Array.from({ length: 8 }, () => sds.lookupStructuredRecordEndpoint('B82617', { requestId: 'r-sf' })));
    expect(outs.every((o) => o.kind === 'found')).toBe(true);
    expect(
      sdsCalls()
        .slice(before)
        .map((c) => c.path),
    ).toEqual(['/spine-directory/FHIR/R4/Endpoint', '/spine-directory/FHIR/R4/Device']);
  });

  it('reports a practice without a GP Connect endpoint as not found (not cached)', async () => {
    expect(await sds.lookupStructuredRecordEndpoint('A20047', { requestId: 'r3' })).toEqual({ kind: 'not-found' });
    const before = sdsCalls().length;
    await sds.lookupStructuredRecordEndpoint('A20047', { requestId: 'r3' });
    expect(sdsCalls().length).toBe(before + 1);
  });

  it('reports upstream errors and timeouts', async () => {
    h.sandbox.faults.set([{ path: '/spine-directory', status: 500 }]);
    expect(await sds.lookupStructuredRecordEndpoint('Y12345', { requestId: 'r4' })).toEqual({ kind: 'upstream-error', status: 500 });
    h.sandbox.faults.set([{ path: '/spine-directory', latencyMs: 2200 }]);
    expect(await sds.lookupStructuredRecordEndpoint('Y12345', { requestId: 'r5' })).toEqual({ kind: 'timeout' });
    h.sandbox.faults.set([{ path: '/spine-directory', body: 'malformed' }]);
    expect(await sds.lookupStructuredRecordEndpoint('Y12345', { requestId: 'r6' })).toMatchObject({
      kind: 'upstream-error',
      code: 'MALFORMED_RESPONSE',
    });
  });

  it('fails clearly unless each step gives exactly one result (several Endpoints, no Device, Device without ASID)', async () => {
    const endpoint = (id: string) => ({
      resource: {
        resourceType: 'Endpoint',
        id,
        address: 'https://provider.example/gpconnect/',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/nhsMhsPartyKey', value: 'Q1234-0000001' }],
      },
    });
    const bundle = (entry: unknown[]) => JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: entry.length, entry });
    const ep = '/spine-directory/FHIR/R4/Endpoint';
    const dev = '/spine-directory/FHIR/R4/Device';
    h.sandbox.faults.set([{ path: ep, status: 200, body: bundle([endpoint('a'), endpoint('b')]) }]);
    expect(await sds.lookupStructuredRecordEndpoint('Q1234', { requestId: 'm1' })).toEqual({
      kind: 'upstream-error',
      code: 'SDS_MULTIPLE_ENDPOINTS',
    });
    h.sandbox.faults.set([
      { path: ep, status: 200, body: bundle([endpoint('a')]) },
      { path: dev, status: 200, body: bundle([]) },
    ]);
    expect(await sds.lookupStructuredRecordEndpoint('Q1234', { requestId: 'm2' })).toEqual({
      kind: 'upstream-error',
      code: 'SDS_NO_DEVICE',
    });
    h.sandbox.faults.set([
      { path: ep, status: 200, body: bundle([endpoint('a')]) },
      { path: dev, status: 200, body: bundle([{ resource: { resourceType: 'Device', identifier: [] } }]) },
    ]);
    expect(await sds.lookupStructuredRecordEndpoint('Q1234', { requestId: 'm3' })).toEqual({
      kind: 'upstream-error',
      code: 'SDS_DEVICE_WITHOUT_ASID',
    });
  });

  it('retries a 503 lookup once', async () => {
    h.sandbox.faults.set([{ path: '/spine-directory/FHIR/R4/Endpoint', status: 503, times: 1 }]);
    expect(await sds.lookupStructuredRecordEndpoint('X26', { requestId: 'r7' })).toEqual({ kind: 'not-found' });
  });

  describe('sandbox SDS contract (raw HTTP)', () => {
    const get = async (path: string, headers: Record<string, string> = { apikey: 'k' }) => {
      const res = await request(`${h.sandbox.sdsBaseUrl}${path}`, { headers });
      return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as any };
    };
    const org = 'organization=https://fhir.nhs.uk/Id/ods-organization-code|B82617';
    const interaction =
      'identifier=https://fhir.nhs.uk/Id/nhsServiceInteractionId|urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1';

    it('refuses illegal parameters, bad correlation ids, missing apikey and unsupported Accept', async () => {
      const illegal = await get(`/Device?${org}&${interaction}&foo=bar`);
      expect([illegal.status, illegal.body.issue[0].diagnostics]).toEqual([400, "Illegal query parameter 'foo'"]);
      expect(illegal.body.issue[0].details.coding[0].system).toBe('https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1');
      expect((await get(`/Device?${interaction}`)).status).toBe(400);
      expect((await get(`/Endpoint?${org}`)).status).toBe(400);
      expect((await get(`/Endpoint?${org}&${interaction}`, { apikey: 'k', 'x-correlation-id': 'nope' })).status).toBe(400);
      expect((await get(`/Endpoint?${org}&${interaction}`, {})).status).toBe(401);
      expect((await get(`/Endpoint?${org}&${interaction}`, { apikey: 'k', accept: 'application/xml' })).status).toBe(406);
    });

    it('answers a searchset with match entries and echoes the correlation id', async () => {
      const cid = '0f5b6c1e-3a0a-4a8e-9d8f-2d1c3b4a5e6f';
      const r = await get(`/Endpoint?${org}&${interaction}`, { apikey: 'k', 'x-correlation-id': cid });
      expect(r.headers['x-correlation-id']).toBe(cid);
      expect(r.body).toMatchObject({
        resourceType: 'Bundle',
        type: 'searchset',
        total: 1,
        entry: [{ search: { mode: 'match' }, resource: { resourceType: 'Endpoint' } }],
      });
      const none = await get(`/Endpoint?organization=https://fhir.nhs.uk/Id/ods-organization-code|ZZZ99&${interaction}`);
      expect(none.body).toMatchObject({ total: 0, entry: [] });
    });
  });
});
