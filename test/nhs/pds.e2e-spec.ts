import { request } from 'undici';
import { NhsAccessTokenService } from '@gw/auth';
import { PdsClient } from '@gw/pds';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { received, startHarness, type Harness } from './nhs-harness';

/** PDS client ↔ sandbox PDS (application-restricted) over HTTP: every typed outcome, headers, retries. */
describe('PDS FHIR R4 client against the sandbox', () => {
  let h: Harness;
  let pds: PdsClient;
  const ctx = { requestId: 'gw-req-1' };
  beforeAll(async () => {
    h = await startHarness({ env: { PDS_TIMEOUT_MS: '1500', PDS_RETRIES: '2', PDS_MAX_RETRY_WAIT_MS: '50' } });
    pds = h.get(PdsClient);
  });
  afterAll(() => h.close());
  afterEach(() => h.sandbox.faults.set([]));

  const pdsCalls = () => received(h.sandbox, '/personal-demographics');

  it('reads a found patient with the PDS headers (bearer, UUID X-Request-ID, X-Correlation-ID)', async () => {
    const out = await pds.read('969 093 7286', { requestId: 'gw-req-1', endUserOrgOds: 'RR8' });
    expect(out.kind).toBe('found');
    if (out.kind !== 'found') return;
    expect(out.deceased).toBe(false);
    expect(out.patient.id).toBe('9690937286');
    expect(out.patient.generalPractitioner?.[0].identifier?.value).toBe('B82617');
    const call = pdsCalls().at(-1)!;
    expect(call.path).toBe('/personal-demographics/FHIR/R4/Patient/9690937286');
    expect(call.headers.authorization).toMatch(/^Bearer [A-Za-z0-9]+$/);
    expect(call.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(call.headers['x-correlation-id']).toBe('gw-req-1');
    expect(call.headers['nhsd-end-user-organisation-ods']).toBe('RR8');
  });

  it.each(SANDBOX_PATIENTS.found.map((p) => [p.nhsNumber]))('finds every sandbox "found" patient (%s)', async (nhs) => {
    expect((await pds.read(nhs, ctx)).kind).toBe('found');
  });

  it.each([...SANDBOX_PATIENTS.restricted, ...SANDBOX_PATIENTS.veryRestricted].map((p) => [p.nhsNumber]))(
    'reports %s as restricted with no demographics',
    async (nhs) => {
      expect(await pds.read(nhs, ctx)).toEqual({ kind: 'restricted' });
    },
  );

  it.each(SANDBOX_PATIENTS.deceased.map((p) => [p.nhsNumber]))('reads deceased patient %s as found + deceased', async (nhs) => {
    expect(await pds.read(nhs, ctx)).toMatchObject({ kind: 'found', deceased: true });
  });

  it('reports a superseded number with the new id', async () => {
    const [s] = SANDBOX_PATIENTS.superseded;
    expect(await pds.read(s.nhsNumber, ctx)).toMatchObject({
      kind: 'superseded',
      newNhsNumber: s.newNhsNumber,
      patient: { id: s.newNhsNumber },
    });
  });

  it('reports not found and invalidated records', async () => {
    for (const nhs of SANDBOX_PATIENTS.notFound) expect(await pds.read(nhs, ctx)).toEqual({ kind: 'not-found' });
    expect(await pds.read(SANDBOX_PATIENTS.invalidated[0], ctx)).toEqual({ kind: 'invalidated' });
  });

  it('rejects invalid NHS numbers before any call', async () => {
    const before = pdsCalls().length;
    for (const nhs of SANDBOX_PATIENTS.invalid) expect((await pds.read(nhs, ctx)).kind).toBe('invalid');
    expect(pdsCalls().length).toBe(before);
  });

  it('retries a 503 with the same X-Request-ID, then succeeds', async () => {
    h.sandbox.faults.set([{ path: '/personal-demographics', status: 503, times: 1 }]);
    const before = pdsCalls().length;
    expect((await pds.read('9690937286', ctx)).kind).toBe('found');
    const calls = pdsCalls().slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[0].headers['x-request-id']).toBe(calls[1].headers['x-request-id']);
  });

  it('backs off on 429 and reports rate-limited with Retry-After when it persists', async () => {
    h.sandbox.faults.set([
      { path: '/personal-demographics', status: 429, retryAfterS: 0, body: '{"resourceType":"OperationOutcome","issue":[]}' },
    ]);
    const before = pdsCalls().length;
    const out = await pds.read('9690937286', ctx);
    expect(out).toEqual({ kind: 'rate-limited', retryAfterMs: 0 });
    expect(pdsCalls().length - before).toBe(3);
  });

  it('reports a timeout when PDS is slower than PDS_TIMEOUT_MS', async () => {
    h.sandbox.faults.set([{ path: '/personal-demographics', latencyMs: 2200 }]);
    expect(await pds.read('9690937286', ctx)).toEqual({ kind: 'timeout' });
  });

  it('treats a REDACTED record as restricted, and 408 UNABLE_TO_CALL_SERVICE as a timeout', async () => {
    const redacted = {
      resourceType: 'Patient',
      id: '9690937286',
      meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'REDACTED' }] },
      name: [{ family: 'SKELLY' }],
    };
    h.sandbox.faults.set([{ path: '/personal-demographics', status: 200, body: JSON.stringify(redacted), times: 1 }]);
    expect(await pds.read('9690937286', ctx)).toEqual({ kind: 'restricted' });
    const unable = {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'timeout',
          details: { coding: [{ system: 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode', code: 'UNABLE_TO_CALL_SERVICE' }] },
        },
      ],
    };
    h.sandbox.faults.set([{ path: '/personal-demographics', status: 408, body: JSON.stringify(unable), times: 1 }]);
    expect(await pds.read('9690937286', ctx)).toEqual({ kind: 'timeout' });
  });

  it('reports a malformed body and a 500 as upstream errors', async () => {
    h.sandbox.faults.set([{ path: '/personal-demographics', body: 'malformed', times: 1 }]);
    expect(await pds.read('9690937286', ctx)).toMatchObject({ kind: 'upstream-error', status: 200, code: 'MALFORMED_RESPONSE' });
    h.sandbox.faults.set([{ path: '/personal-demographics', status: 500, times: 1 }]);
    expect(await pds.read('9690937286', ctx)).toMatchObject({ kind: 'upstream-error', status: 500 });
  });

  describe('search (application-restricted: one result at most)', () => {
    it('finds one match by family, gender and birth date, sending _max-results=1 and eq-prefixed birthdate', async () => {
      const out = await pds.search({ family: 'Smith', gender: 'female', birthdate: '2010-10-22' }, ctx);
      expect(out).toMatchObject({ kind: 'matches', patients: [{ id: '9000000009' }] });
      const q = pdsCalls().at(-1)!.query;
      expect(q.get('_max-results')).toBe('1');
      expect(q.get('birthdate')).toBe('eq2010-10-22');
    });

    it('finds demonstrator patients by demographics including postcode and given names', async () => {
      const out = await pds.search(
        { family: 'SKELLY', given: ['Horace'], gender: 'male', birthdate: '1925-04-21', postcode: 'TS18 3BL' },
        ctx,
      );
      expect(out).toMatchObject({ kind: 'matches', patients: [{ id: '9690937286' }] });
    });

    it('reports too many matches (PDS answers 200 with TOO_MANY_MATCHES)', async () => {
      expect(await pds.search({ family: 'Sm*', gender: 'female', birthdate: '2010-10-22' }, ctx)).toEqual({ kind: 'too-many' });
    });

    it('reports a restricted match without disclosing it', async () => {
      expect(await pds.search({ family: 'Smythe', birthdate: '2010-10-22' }, ctx)).toEqual({ kind: 'restricted' });
    });

    it('reports no match', async () => {
      expect(await pds.search({ family: 'Nobody', birthdate: '1900-01-01' }, ctx)).toEqual({ kind: 'none' });
    });

    it('refuses searches below the PDS minimum before calling', async () => {
      const before = pdsCalls().length;
      expect((await pds.search({ family: 'Smith' }, ctx)).kind).toBe('invalid');
      expect((await pds.search({ birthdate: '2010-10-22' }, ctx)).kind).toBe('invalid');
      expect((await pds.search({ family: 'S*', birthdate: '2010-10-22' }, ctx)).kind).toBe('invalid');
      expect((await pds.search({ family: 'Smith', birthdate: '22/10/2010' }, ctx)).kind).toBe('invalid');
      expect(pdsCalls().length).toBe(before);
    });
  });

  describe('sandbox PDS contract (raw HTTP)', () => {
    const get = async (path: string, headers: Record<string, string>) => {
      const res = await request(`${h.sandbox.pdsBaseUrl}${path}`, { headers });
      return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as any };
    };
    const code = (b: any) => b.issue[0].details.coding[0].code;
    const uuid = '60e9c3a7-6f4b-4a5b-9d21-3a6a1f0c2b11';

    it('checks X-Request-ID, then the bearer token', async () => {
      expect(code((await get('/Patient/9000000009', {})).body)).toBe('MISSING_VALUE');
      const bad = await get('/Patient/9000000009', { 'x-request-id': 'abc' });
      expect([bad.status, code(bad.body)]).toEqual([400, 'INVALID_VALUE']);
      const noAuth = await get('/Patient/9000000009', { 'x-request-id': uuid });
      expect([noAuth.status, code(noAuth.body)]).toEqual([401, 'ACCESS_DENIED']);
      const forged = await get('/Patient/9000000009', { 'x-request-id': uuid, authorization: 'Bearer abc123' });
      expect(forged.status).toBe(401);
    });

    it('echoes request ids, sets the ETag, refuses _max-results ≠ 1 and unknown parameters', async () => {
      const token = await h.get(NhsAccessTokenService).accessToken();
      const headers = { 'x-request-id': uuid, 'x-correlation-id': 'c-1', authorization: `Bearer ${token}` };
      const read = await get('/Patient/9000000009', headers);
      expect(read.status).toBe(200);
      expect(read.headers['x-request-id']).toBe(uuid);
      expect(read.headers['x-correlation-id']).toBe('c-1');
      expect(read.headers.etag).toBe('W/"2"');
      const many = await get('/Patient?family=Smith&birthdate=eq2010-10-22&_max-results=5', headers);
      expect([many.status, many.body.issue[0].code, code(many.body)]).toEqual([403, 'token', 'INVALID_VALUE']);
      const extra = await get('/Patient?family=Smith&birthdate=eq2010-10-22&foo=1', headers);
      expect([extra.status, code(extra.body)]).toEqual([400, 'ADDITIONAL_PROPERTIES']);
      const none = await get('/Patient', headers);
      expect([none.status, code(none.body)]).toEqual([400, 'UNSUPPORTED_SERVICE']);
      const badEscape = await get('/Patient/%E0%A4%A', headers);
      expect([badEscape.status, code(badEscape.body)]).toEqual([400, 'INVALID_RESOURCE_ID']);
      const invalid = await get('/Patient/9000000000', headers);
      expect([invalid.status, code(invalid.body)]).toEqual([400, 'INVALID_RESOURCE_ID']);
      const empty = await get('/Patient?family=Nobody&birthdate=eq1900-01-01', headers);
      expect(empty.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0 });
      expect(empty.body.entry).toBeUndefined();
    });
  });
});
