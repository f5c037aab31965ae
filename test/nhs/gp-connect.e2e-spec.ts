import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { request } from 'undici';
import type { Bundle, List, OperationOutcome } from 'fhir/r3';
import { buildGpConnectJwt, GpConnectJwtService } from '@gw/auth';
import { type RequesterIdentity } from '@gw/identity';
import { GP_CONNECT_AREAS, GpConnectClient, mapGpConnectError, type StructuredRecordOutcome } from '@gw/gp-connect';
import { DEMONSTRATOR_PRACTICE, GP_CONNECT_ERROR_TRIGGERS } from '@gw/nhs-sandbox';
import { SANDBOX_DATA_DIR } from '../support/reference-paths';
import { received, startHarness, type Harness } from './nhs-harness';

const GPC_DATA = resolve(SANDBOX_DATA_DIR, 'gpconnect');
const requester: RequesterIdentity = {
  source: 'saml',
  subjectId: 'dr.jones',
  organization: 'St Elsewhere Hospital',
  organizationId: 'RR8',
};
const LIST_CODES: Record<string, string> = {
  includeAllergies: '886921000000105',
  includeMedication: '933361000000108',
  includeConsultations: '1149501000000101',
  includeProblems: '717711000000103',
  includeImmunisations: '1102181000000102',
  includeUncategorisedData: '826501000000100',
  includeInvestigations: '887191000000108',
  includeReferrals: '792931000000107',
  includeDiaryEntries: '714311000000108',
};
const lists = (b: Bundle) => b.entry!.map((e) => e.resource!).filter((r): r is List => r.resourceType === 'List');
const listCodes = (b: Bundle) => lists(b).map((l) => l.code?.coding?.[0].code);

/** GP Connect Access Record Structured client ↔ the sandbox's demonstrator practice B82617, over HTTP. */
describe('GP Connect structured record client against the sandbox', () => {
  let h: Harness;
  let gpc: GpConnectClient;
  let endpoint: { odsCode: string; address: string; asid: string };
  const get = (nhsNumber: string) => gpc.getStructuredRecord({ nhsNumber, endpoint, requester, requestId: 'req-9' });
  beforeAll(async () => {
    h = await startHarness({ env: { GP_CONNECT_ASID: '200000000359', GP_CONNECT_TIMEOUT_MS: '2000', GP_CONNECT_RETRIES: '1' } });
    gpc = h.get(GpConnectClient);
    endpoint = { odsCode: 'B82617', address: h.sandbox.gpConnectRoot, asid: DEMONSTRATOR_PRACTICE.asid };
  });
  afterAll(() => h.close());
  afterEach(() => h.sandbox.faults.set([]));
  const gpcCalls = () => received(h.sandbox, '/B82617');

  it('fetches the main patient with every clinical area, SSP headers and the unsigned JWT', async () => {
    const out = await get('9690937286');
    expect(out.kind).toBe('record');
    if (out.kind !== 'record') return;
    const call = gpcCalls().at(-1)!;
    expect(call.path).toBe('/B82617/STU3/1/gpconnect/Patient/$gpc.getstructuredrecord');
    expect(call.headers['ssp-from']).toBe('200000000359');
    expect(call.headers['ssp-to']).toBe('918999198738');
    expect(call.headers['ssp-interactionid']).toBe('urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1');
    expect(call.headers['ssp-traceid']).toBe(out.sspTraceId);
    expect(call.headers['content-type']).toBe('application/fhir+json;charset=utf-8');
    expect(out.bundle.id).toBe(out.sspTraceId);

    const params = JSON.parse(call.body!).parameter as Array<{ name: string; part?: Array<{ name: string; [k: string]: unknown }> }>;
    expect(params.map((p) => p.name).sort()).toEqual(['patientNHSNumber', ...GP_CONNECT_AREAS].sort());
    expect(params.find((p) => p.name === 'includeAllergies')!.part).toEqual([{ name: 'includeResolvedAllergies', valueBoolean: true }]);
    expect(params.find((p) => p.name === 'includeMedication')!.part).toEqual([{ name: 'includePrescriptionIssues', valueBoolean: true }]);

    // Every requested area has its primary List; the recorded confidential-items warning is kept.
    for (const code of Object.values(LIST_CODES)) expect(listCodes(out.bundle)).toContain(code);
    const meds = lists(out.bundle).find((l) => l.code?.coding?.[0].code === LIST_CODES.includeMedication)!;
    expect(meds.extension?.some((e) => (e as { valueCode?: string }).valueCode === 'confidential-items')).toBe(true);
    expect(out.warnings).toEqual([]);
  });

  it('sends a JWT whose claims come from the requester, with exp = iat + 300 and aud = the SDS address', async () => {
    await get('9690937278');
    const auth = gpcCalls().at(-1)!.headers.authorization as string;
    const [hdr, payload, sig] = auth.replace(/^Bearer /, '').split('.');
    expect(sig).toBe('');
    expect(JSON.parse(Buffer.from(hdr, 'base64url').toString())).toEqual({ alg: 'none', typ: 'JWT' });
    const c = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(c.exp - c.iat).toBe(300);
    expect(c.aud).toBe(h.sandbox.gpConnectRoot);
    expect(c.sub).toBe('dr.jones');
    expect(c.requesting_practitioner.id).toBe('dr.jones');
    expect(c.requesting_organization).toEqual({
      resourceType: 'Organization',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RR8' }],
      name: 'St Elsewhere Hospital',
    });
    expect(c).toMatchObject({ reason_for_request: 'directcare', requested_scope: 'patient/*.read' });
    expect(c.requesting_device.resourceType).toBe('Device');
  });

  it('keeps empty-list reasons and list warnings of the recorded bundles (9690938118)', async () => {
    const out = await get('9690938118');
    if (out.kind !== 'record') throw new Error(out.kind);
    const allergies = lists(out.bundle).find((l) => l.code?.coding?.[0].code === LIST_CODES.includeAllergies)!;
    expect(allergies.emptyReason?.coding?.[0].code).toBe('no-content-recorded');
    expect(allergies.extension?.map((e) => (e as { valueCode?: string }).valueCode)).toEqual(
      expect.arrayContaining(['confidential-items', 'data-in-transit']),
    );
  });

  it.each([
    ['9690938576', 'NO_PATIENT_CONSENT', 403],
    ['9690938541', 'PATIENT_NOT_FOUND', 404],
    ['9690938533', 'PATIENT_NOT_FOUND', 404],
    ['9690938681', 'PATIENT_NOT_FOUND', 404],
    ['9111231130', 'PATIENT_NOT_FOUND', 404],
    ...Object.entries(GP_CONNECT_ERROR_TRIGGERS).map(([nhs, t]) => [nhs, t.code.replace(' ', '_'), t.status] as [string, string, number]),
  ])('maps the answer for %s to %s (%d)', async (nhs, code, status) => {
    const out = await get(nhs);
    expect(out).toMatchObject({ kind: 'error', code, httpStatus: status });
  });

  it('maps an invalid NHS number to INVALID_NHS_NUMBER', async () => {
    expect(await get('9690937280')).toMatchObject({ kind: 'error', code: 'INVALID_NHS_NUMBER', httpStatus: 400 });
  });

  it('retries once after a 503, with a new Ssp-TraceID', async () => {
    h.sandbox.faults.set([{ path: '/B82617', status: 503, times: 1 }]);
    const before = gpcCalls().length;
    const out = await get('9690937278');
    expect(out.kind).toBe('record');
    const calls = gpcCalls().slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[0].headers['ssp-traceid']).not.toBe(calls[1].headers['ssp-traceid']);
  });

  it('does not retry a 4xx, and reports timeouts and malformed answers', async () => {
    const before = gpcCalls().length;
    await get('9690938576');
    expect(gpcCalls().length - before).toBe(1);
    h.sandbox.faults.set([{ path: '/B82617', latencyMs: 2600 }]);
    const beforeTimeout = gpcCalls().length;
    expect((await get('9690937278')).kind).toBe('timeout');
    // The deadline covers the retry too: nothing is left for a second attempt after a timeout.
    expect(gpcCalls().length - beforeTimeout).toBe(1);
    h.sandbox.faults.set([{ path: '/B82617', body: 'malformed' }]);
    expect(await get('9690937278')).toMatchObject({ kind: 'error', code: 'UNKNOWN', httpStatus: 200 });
  });

  it('refuses a 200 bundle that is for another patient', async () => {
    const other = readFileSync(resolve(GPC_DATA, 'structured-record-bundles', '9690937278.json'), 'utf8');
    h.sandbox.faults.set([{ path: '/B82617', status: 200, body: other, times: 1 }]);
    expect(await get('9690937286')).toMatchObject({
      kind: 'error',
      code: 'UNKNOWN',
      httpStatus: 200,
      diagnostics: 'The returned record is not for the requested patient',
    });
  });

  it('maps every spec and SSP error example by its Spine code, not by HTTP status', () => {
    const dir = resolve(GPC_DATA, 'operationoutcome_examples_from_spec');
    const expected: Record<string, string> = {
      '01': 'INVALID_NHS_NUMBER',
      '02': 'PATIENT_NOT_FOUND',
      '03': 'NO_RECORD_FOUND',
      '04': 'NO_PATIENT_CONSENT',
      '05': 'ACCESS_DENIED',
      '06': 'DUPLICATE_REJECTED',
      '07': 'REFERENCE_NOT_FOUND',
      '08': 'BAD_REQUEST',
      '09': 'INTERNAL_SERVER_ERROR',
      '10': 'SSP_ERROR',
      '11': 'SSP_ERROR',
      '12': 'SSP_ERROR',
      '13': 'SSP_ERROR',
      '14': 'SSP_ERROR',
      '15': 'SSP_ERROR',
      '16': 'SSP_ERROR',
    };
    for (const f of readdirSync(dir).filter((n) => n.startsWith('error_handling__'))) {
      const n = f.slice('error_handling__'.length, 'error_handling__'.length + 2);
      expect([f, mapGpConnectError(400, JSON.parse(readFileSync(resolve(dir, f), 'utf8'))).code]).toEqual([f, expected[n]]);
    }
    const ssp = mapGpConnectError(
      403,
      JSON.parse(
        readFileSync(
          resolve(
            dir,
            readdirSync(dir).find((n) => n.includes('__11_'))!,
          ),
          'utf8',
        ),
      ),
    );
    expect(ssp.diagnostics).toBe('ASID_CHECK_FAILED_MESSAGESENDER_100000000001');
    for (const f of readdirSync(resolve(GPC_DATA, 'error-responses'))) {
      const body = JSON.parse(readFileSync(resolve(GPC_DATA, 'error-responses', f), 'utf8'));
      expect(mapGpConnectError(400, body).code).toBe(body.issue[0].details.coding[0].code);
    }
  });

  describe('sandbox GP Connect provider contract (raw HTTP)', () => {
    const url = () => `${h.sandbox.gpConnectRoot}Patient/$gpc.getstructuredrecord`;
    const jwtSvc = () => h.get(GpConnectJwtService);
    const body = (parameter: unknown[]) =>
      JSON.stringify({
        resourceType: 'Parameters',
        parameter: [
          { name: 'patientNHSNumber', valueIdentifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9690937286' } },
          ...parameter,
        ],
      });
    function headers(over: Record<string, string | undefined> = {}) {
      const base: Record<string, string | undefined> = {
        'content-type': 'application/fhir+json;charset=utf-8',
        accept: 'application/fhir+json;charset=utf-8',
        'ssp-traceid': '5b0f4a5e-8f7a-4c5e-9d1e-1c2b3a4d5e6f',
        'ssp-from': '200000000359',
        'ssp-to': DEMONSTRATOR_PRACTICE.asid,
        'ssp-interactionid': 'urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1',
        authorization: `Bearer ${jwtSvc().build(h.sandbox.gpConnectRoot, requester).token}`,
        ...over,
      };
      return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<string, string>;
    }
    async function post(
      hdrs: Record<string, string>,
      payload = body([{ name: 'includeAllergies', part: [{ name: 'includeResolvedAllergies', valueBoolean: true }] }]),
      method: 'POST' | 'GET' = 'POST',
    ) {
      const res = await request(url(), { method, headers: hdrs, body: method === 'POST' ? payload : undefined });
      return { status: res.statusCode, body: (await res.body.json()) as any };
    }
    const spine = (r: { body: any }) => r.body.issue?.[0]?.details?.coding?.[0]?.code;

    it('answers 200 for a well-formed request, filtered to the requested areas', async () => {
      const r = await post(headers());
      expect(r.status).toBe(200);
      expect(new Set(listCodes(r.body))).toEqual(new Set(['886921000000105']));
      expect(r.body.entry.some((e: any) => e.resource.resourceType === 'MedicationStatement')).toBe(false);
      expect(r.body.entry.some((e: any) => e.resource.resourceType === 'AllergyIntolerance')).toBe(true);
    });

    it('serves medications alone without allergies or problems, and problems with their linked secondary lists', async () => {
      const types = (b: { entry: Array<{ resource: { resourceType: string } }> }) => new Set(b.entry.map((e) => e.resource.resourceType));
      const meds = await post(headers(), body([{ name: 'includeMedication' }]));
      expect(new Set(listCodes(meds.body))).toEqual(new Set([LIST_CODES.includeMedication]));
      for (const t of ['MedicationStatement', 'MedicationRequest', 'Medication']) expect(types(meds.body).has(t)).toBe(true);
      for (const t of ['AllergyIntolerance', 'Condition']) expect(types(meds.body).has(t)).toBe(false);

      const problems = await post(headers(), body([{ name: 'includeProblems' }]));
      const codes = listCodes(problems.body);
      expect(codes).toContain(LIST_CODES.includeProblems);
      expect(codes).toContain('problems-medications-related-to-problems');
      expect(codes).not.toContain(LIST_CODES.includeMedication);
      expect(types(problems.body).has('Condition')).toBe(true);
      // Filtering leaves no reference dangling that resolved in the recorded bundle (it has one of its own: Encounter3).
      const recorded = JSON.parse(readFileSync(resolve(GPC_DATA, 'structured-record-bundles', '9690937286.json'), 'utf8'));
      const key = (r: { resourceType: string; id?: string }) => `${r.resourceType}/${r.id}`;
      const recordedIds = new Set(recorded.entry.map((e: { resource: { resourceType: string; id?: string } }) => key(e.resource)));
      const kept = new Set(problems.body.entry.map((e: { resource: { resourceType: string; id?: string } }) => key(e.resource)));
      const refs = [...JSON.stringify(problems.body).matchAll(/"reference":"([A-Za-z]+\/[^"#]+)"/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(0);
      expect(refs.filter((r) => recordedIds.has(r) && !kept.has(r))).toEqual([]);
    });

    it.each([
      ['a signed JWT', () => headers({ authorization: `Bearer ${jwtSvc().build('x', requester).token}c2ln` })],
      [
        'a JWT with alg RS256',
        () =>
          headers({
            authorization: `Bearer ${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`,
          }),
      ],
      ['no Authorization', () => headers({ authorization: undefined })],
      [
        'exp more than 300 s after iat',
        () => {
          const input = jwtSvc().input(h.sandbox.gpConnectRoot, requester);
          const tok = buildGpConnectJwt(input).split('.');
          const claims = JSON.parse(Buffer.from(tok[1], 'base64url').toString());
          claims.exp = claims.iat + 600;
          return headers({ authorization: `Bearer ${tok[0]}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.` });
        },
      ],
      [
        'a missing claim',
        () => {
          const tok = jwtSvc().build('x', requester).token.split('.');
          const claims = JSON.parse(Buffer.from(tok[1], 'base64url').toString());
          delete claims.requesting_organization;
          return headers({ authorization: `Bearer ${tok[0]}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.` });
        },
      ],
      ['missing Ssp-TraceID', () => headers({ 'ssp-traceid': undefined })],
      ['missing Ssp-From', () => headers({ 'ssp-from': undefined })],
      ['missing Ssp-InteractionID', () => headers({ 'ssp-interactionid': undefined })],
      ['Ssp-To not the practice ASID', () => headers({ 'ssp-to': '123456789012' })],
      [
        'another interaction id',
        () => headers({ 'ssp-interactionid': 'urn:nhs:names:services:gpconnect:fhir:operation:gpc.migratestructuredrecord-1' }),
      ],
    ])('rejects %s with 400 BAD_REQUEST', async (_n, make) => {
      const r = await post(make());
      expect([r.status, spine(r)]).toEqual([400, 'BAD_REQUEST']);
    });

    it('rejects a missing claim with the demonstrator wording', async () => {
      const tok = jwtSvc().build('x', requester).token.split('.');
      const claims = JSON.parse(Buffer.from(tok[1], 'base64url').toString());
      delete claims.requesting_practitioner;
      const r = await post(headers({ authorization: `Bearer ${tok[0]}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.` }));
      expect(r.body.issue[0].diagnostics).toBe('JWT JSON entry incomplete: claim requesting_practitioner is null');
    });

    it('answers SSP errors for a wrong method or media type', async () => {
      const get405 = await post(headers(), undefined, 'GET');
      expect([get405.status, spine(get405)]).toEqual([405, '405']);
      const xml = await post(headers({ 'content-type': 'application/xml' }));
      expect([xml.status, spine(xml), xml.body.issue[0].diagnostics]).toEqual([415, '415', 'Unsupported_Media_Type']);
    });

    it.each([
      ['allergies without includeResolvedAllergies', [{ name: 'includeAllergies' }], 422, 'INVALID_PARAMETER'],
      [
        'consultations with both period and most recent',
        [
          {
            name: 'includeConsultations',
            part: [
              { name: 'includeNumberOfMostRecent', valuePositiveInt: 3 },
              { name: 'consultationSearchPeriod', valuePeriod: { start: '2020-01-01' } },
            ],
          },
        ],
        422,
        'INVALID_RESOURCE',
      ],
      [
        'a forbidden part with problems',
        [{ name: 'includeProblems' }, { name: 'includeMedication', part: [{ name: 'medicationSearchFromDate', valueDate: '2020-01-01' }] }],
        422,
        'INVALID_PARAMETER',
      ],
      [
        'a future period',
        [{ name: 'includeInvestigations', part: [{ name: 'investigationSearchPeriod', valuePeriod: { start: '2999-01-01' } }] }],
        422,
        'INVALID_PARAMETER',
      ],
      ['no clinical area', [], 422, 'INVALID_PARAMETER'],
    ])('rejects %s', async (_n, parameter, status, code) => {
      const r = await post(headers(), body(parameter as unknown[]));
      expect([r.status, spine(r)]).toEqual([status, code]);
    });

    it.each([
      ['a JSON array', '[]'],
      ['null', 'null'],
      ['parameter not a list', '{"resourceType":"Parameters","parameter":{}}'],
      ['a part that is not a list', body([{ name: 'includeAllergies', part: { name: 'includeResolvedAllergies', valueBoolean: true } }])],
      ['a null parameter', body([null])],
      ['a part without a name', body([{ name: 'includeAllergies', part: [{ valueBoolean: true }] }])],
      [
        'a string NHS number identifier',
        JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'patientNHSNumber', valueIdentifier: 'x' }] }),
      ],
    ])('answers a malformed body (%s) with a 4xx OperationOutcome, never a 500', async (_n, payload) => {
      const r = await post(headers(), payload);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.resourceType).toBe('OperationOutcome');
    });

    it('rejects a repeated patientNHSNumber, a wrong identifier system and malformed JSON', async () => {
      const nhs = { name: 'patientNHSNumber', valueIdentifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9690937286' } };
      const rep = await post(headers(), JSON.stringify({ resourceType: 'Parameters', parameter: [nhs, nhs, { name: 'includeProblems' }] }));
      expect([rep.status, spine(rep)]).toEqual([400, 'BAD_REQUEST']);
      const sys = await post(
        headers(),
        JSON.stringify({
          resourceType: 'Parameters',
          parameter: [{ ...nhs, valueIdentifier: { system: 'urn:x', value: '9690937286' } }, { name: 'includeProblems' }],
        }),
      );
      expect([sys.status, spine(sys)]).toEqual([400, 'INVALID_IDENTIFIER_SYSTEM']);
      const bad = await post(headers(), '{"resourceType":');
      expect([bad.status, spine(bad)]).toEqual([400, 'BAD_REQUEST']);
    });

    it('answers an unknown parameter with an in-bundle NOT_IMPLEMENTED warning', async () => {
      const r = await post(headers(), body([{ name: 'includeProblems' }, { name: 'includeEverything' }]));
      expect(r.status).toBe(200);
      const oo = r.body.entry.find((e: any) => e.resource.resourceType === 'OperationOutcome').resource;
      expect(oo.issue[0]).toMatchObject({
        severity: 'warning',
        code: 'not-supported',
        diagnostics: 'includeEverything',
        details: { text: 'includeEverything is an unrecognised parameter' },
      });
    });
  });
});

describe('GP Connect client: configured areas, consumer ASIDs and in-bundle warnings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: {
        GP_CONNECT_AREAS: 'includeAllergies,includeImmunisations',
        GP_CONNECT_ASID: '200000000359',
        GP_CONNECT_CONSUMER_ASIDS: 'RR8=200000000777',
      },
      sandbox: { gpConnectDisabledAreas: ['includeImmunisations'], gpConnectErrorMode: 'demonstrator' },
    });
  });
  afterAll(() => h.close());

  it('requests only the configured areas and keeps the disabled-area warning', async () => {
    const out: StructuredRecordOutcome = await h.get(GpConnectClient).getStructuredRecord({
      nhsNumber: '9690937286',
      endpoint: { odsCode: 'B82617', address: h.sandbox.gpConnectRoot, asid: DEMONSTRATOR_PRACTICE.asid },
      requester: { source: 'default' },
      requestId: 'r',
    });
    if (out.kind !== 'record') throw new Error(out.kind);
    const sent = JSON.parse(received(h.sandbox, '/B82617').at(-1)!.body!).parameter.map((p: { name: string }) => p.name);
    expect(sent).toEqual(['patientNHSNumber', 'includeAllergies', 'includeImmunisations']);
    expect(new Set(listCodes(out.bundle))).toEqual(new Set(['886921000000105']));
    expect(out.warnings).toHaveLength(1);
    expect((out.warnings[0] as OperationOutcome).issue[0]).toMatchObject({
      diagnostics: 'includeImmunisations',
      details: { text: 'includeImmunisations has been disabled' },
    });
  });

  it("sends the originating organisation's own ASID as Ssp-From when configured, ours otherwise", async () => {
    const endpoint = { odsCode: 'B82617', address: h.sandbox.gpConnectRoot, asid: DEMONSTRATOR_PRACTICE.asid };
    const gpc = h.get(GpConnectClient);
    await gpc.getStructuredRecord({
      nhsNumber: '9690937278',
      endpoint,
      requester: { source: 'saml', organizationId: 'RR8' },
      requestId: 'r',
    });
    expect(received(h.sandbox, '/B82617').at(-1)!.headers['ssp-from']).toBe('200000000777');
    await gpc.getStructuredRecord({
      nhsNumber: '9690937278',
      endpoint,
      requester: { source: 'saml', organizationId: 'RJ1' },
      requestId: 'r',
    });
    expect(received(h.sandbox, '/B82617').at(-1)!.headers['ssp-from']).toBe('200000000359');
  });

  it('answers a blank Ssp-* header as the public demonstrator does when in demonstrator mode (400 INVALID_PARAMETER)', async () => {
    const res = await request(`${h.sandbox.gpConnectRoot}Patient/$gpc.getstructuredrecord`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json', 'ssp-traceid': ' ', authorization: 'Bearer x' },
      body: '{}',
    });
    const body = (await res.body.json()) as OperationOutcome;
    expect(res.statusCode).toBe(400);
    expect(body.issue[0]).toMatchObject({ details: { coding: [{ code: 'INVALID_PARAMETER' }] }, diagnostics: 'Ssp-TraceID header blank' });
  });
});

describe('GP Connect client: response size limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { GP_CONNECT_MAX_RESPONSE_BYTES: '10000' } });
  });
  afterAll(() => h.close());

  it('refuses a record larger than GP_CONNECT_MAX_RESPONSE_BYTES without retrying', async () => {
    const endpoint = { odsCode: 'B82617', address: h.sandbox.gpConnectRoot, asid: DEMONSTRATOR_PRACTICE.asid };
    const out = await h
      .get(GpConnectClient)
      .getStructuredRecord({ nhsNumber: '9690937286', endpoint, requester: { source: 'default' }, requestId: 'r' });
    expect(out).toMatchObject({ kind: 'error', code: 'UNKNOWN', diagnostics: 'RESPONSE_TOO_LARGE' });
    expect(received(h.sandbox, '/B82617')).toHaveLength(1);
  });
});
