import { GpRecordFetcher } from '@gw/gp-connect';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { received, startHarness, type Harness } from './nhs-harness';

/** PDS → SDS → GP Connect through the real clients and the sandbox, one typed outcome per case. */
describe('GpRecordFetcher end to end against the sandbox', () => {
  let h: Harness;
  let fetcher: GpRecordFetcher;
  const requester = { source: 'default' as const };
  beforeAll(async () => {
    h = await startHarness({ env: { GP_CONNECT_TIMEOUT_MS: '2000', GP_CONNECT_RETRIES: '0', PDS_TIMEOUT_MS: '2000' } });
    fetcher = h.get(GpRecordFetcher);
  });
  afterAll(() => h.close());
  afterEach(() => h.sandbox.faults.set([]));
  const gpcCalls = () => received(h.sandbox, '/B82617').length;

  it.each(SANDBOX_PATIENTS.found.map((p) => [p.nhsNumber]))('returns the GP record of %s with its practice', async (nhs) => {
    const out = await fetcher.fetch(nhs, requester, 'req-1');
    expect(out).toMatchObject({ kind: 'record', practiceOdsCode: 'B82617', nhsNumber: nhs, deceased: false });
    if (out.kind !== 'record') return;
    const patient = out.bundle.entry!.find((e) => e.resource?.resourceType === 'Patient')!.resource as unknown as {
      identifier: Array<{ system: string; value: string }>;
    };
    expect(patient.identifier.find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number')!.value).toBe(nhs);
  });

  it('tells PDS the originating organisation when the caller names an ODS code (never for an OID)', async () => {
    await fetcher.fetch('9690937286', { source: 'saml', organizationId: 'rr8' }, 'req-ods');
    expect(received(h.sandbox, '/personal-demographics').at(-1)!.headers['nhsd-end-user-organisation-ods']).toBe('RR8');
    await fetcher.fetch('9690937286', { source: 'saml', organizationId: 'urn:oid:1.2.3.4' }, 'req-oid');
    expect(received(h.sandbox, '/personal-demographics').at(-1)!.headers['nhsd-end-user-organisation-ods']).toBeUndefined();
  });

  it.each(SANDBOX_PATIENTS.restricted.map((p) => [p.nhsNumber]))(
    'stops at PDS for restricted %s: no GP Connect call, nothing disclosed',
    async (nhs) => {
      const before = gpcCalls();
      expect(await fetcher.fetch(nhs, requester, 'req-2')).toEqual({ kind: 'restricted' });
      expect(gpcCalls()).toBe(before);
    },
  );

  it('reports the GP Connect refusals for no consent, sensitive and deceased patients', async () => {
    expect(await fetcher.fetch('9690938576', requester, 'r')).toMatchObject({
      kind: 'gp-connect-error',
      code: 'NO_PATIENT_CONSENT',
      httpStatus: 403,
    });
    expect(await fetcher.fetch('9690938541', requester, 'r')).toMatchObject({ kind: 'gp-connect-error', code: 'PATIENT_NOT_FOUND' });
    expect(await fetcher.fetch('9690938681', requester, 'r')).toMatchObject({ kind: 'gp-connect-error', code: 'PATIENT_NOT_FOUND' });
  });

  it('reports patient-level outcomes from PDS', async () => {
    expect(await fetcher.fetch('9111231130', requester, 'r')).toEqual({ kind: 'patient-not-found' });
    expect(await fetcher.fetch('9000000000', requester, 'r')).toEqual({ kind: 'invalid-nhs-number' });
    expect(await fetcher.fetch('9990003343', requester, 'r')).toEqual({ kind: 'invalidated' });
    expect(await fetcher.fetch('9000000033', requester, 'r')).toEqual({ kind: 'no-registered-practice' });
  });

  it('reports a practice that SDS has no GP Connect endpoint for (superseded number followed to the new record)', async () => {
    expect(await fetcher.fetch('9000000009', requester, 'r')).toEqual({ kind: 'practice-not-enabled', practiceOdsCode: 'Y12345' });
    expect(await fetcher.fetch('5900053636', requester, 'r')).toEqual({ kind: 'practice-not-enabled', practiceOdsCode: 'A20047' });
  });

  it('names the failing service on upstream errors and timeouts', async () => {
    h.sandbox.faults.set([{ path: '/personal-demographics', status: 500, times: 1 }]);
    expect(await fetcher.fetch('9690937286', requester, 'r')).toMatchObject({ kind: 'upstream-error', service: 'pds', status: 500 });
    h.sandbox.faults.set([{ path: '/B82617', latencyMs: 2600 }]);
    expect(await fetcher.fetch('9690937286', requester, 'r')).toEqual({ kind: 'timeout', service: 'gp-connect' });
  });
});
