import { readdirSync } from 'node:fs';
import path from 'node:path';
import { attr, child, children, descendants, parseXml, text, NS } from '@gw/soap';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { IHE_MESSAGES, readSample, soapRequest, withPdqParameters, type PdqParams } from '../support/soap-messages';

const HL7 = 'urn:hl7-org:v3';
const NHS_OID = '2.16.840.1.113883.2.1.4.1';
const ITI47 = 'urn:hl7-org:v3:PRPA_IN201305UV02';
const ITI55 = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
const CEID_OID = '1.2.840.114350.1.13.525.3.7.3.688884.100';
const ADMIN_KEY = 'pdq-e2e-admin-key-0123456789abcdef';

type Fixture = { nhsNumber: string; family?: string; given?: string[]; gender?: string; birthDate?: string };

function params(p: Fixture, withId = true): PdqParams {
  return {
    ids: withId ? [{ root: NHS_OID, extension: p.nhsNumber }] : [],
    family: p.family,
    given: p.given?.slice(0, 1),
    birthTime: p.birthDate?.replace(/-/g, ''),
    gender: p.gender === 'male' ? 'M' : p.gender === 'female' ? 'F' : undefined,
  };
}

describe('ITI-47 / ITI-55 end to end: SOAP over HTTP → gateway → NHS sandbox PDS', () => {
  let gw: StartedGateway;

  beforeAll(async () => {
    gw = await startGateway({ ADMIN_API_KEY: ADMIN_KEY });
  });
  afterAll(async () => {
    await gw?.close();
  });

  async function discover(path: string, action: string, sampleFile: string, p: PdqParams) {
    const res = await fetch(gw.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest(action, withPdqParameters(readSample(sampleFile), p)),
    });
    const body = await res.text();
    const msg = child(child(parseXml(body), NS.soap12, 'Body'), HL7, 'PRPA_IN201306UV02');
    const cap = child(msg, HL7, 'controlActProcess');
    return {
      status: res.status,
      body,
      msg,
      ack: attr(child(child(msg, HL7, 'acknowledgement'), HL7, 'typeCode'), 'code'),
      qrc: attr(child(child(cap, HL7, 'queryAck'), HL7, 'queryResponseCode'), 'code'),
      ids: children(cap, HL7, 'subject').map((s) =>
        attr(
          descendants(s, HL7, 'patient')[0]?.children.find((c) => c.local === 'id'),
          'extension',
        ),
      ),
    };
  }

  const found = SANDBOX_PATIENTS.found[0];

  /** Every published request sample, each on its own endpoint and on /SOAP (routed by Action). */
  const SAMPLES = (['iti-47', 'iti-55'] as const).flatMap((t) =>
    readdirSync(path.join(IHE_MESSAGES, t, 'request'))
      .filter((f) => f.endsWith('.xml'))
      .sort()
      .flatMap((f) => {
        const action = t === 'iti-47' ? ITI47 : ITI55;
        return [[`/SOAP/${t.replace('-', '')}`, action, `${t}/request/${f}`] as const, ['/SOAP', action, `${t}/request/${f}`] as const];
      }),
  );

  it.each(SAMPLES)('%s %s finds a sandbox patient by NHS number + demographics (%s)', async (path, action, file) => {
    const r = await discover(path, action, file, params(found));
    expect(r.status).toBe(200);
    expect([r.ack, r.qrc, r.ids]).toEqual(['AA', 'OK', [found.nhsNumber]]);
    const gp = child(descendants(r.msg, HL7, 'providerOrganization')[0], HL7, 'id');
    expect(attr(gp, 'extension')).toBe(found.gpOdsCode);
    const v = await validateIhe(r.body, { strict: true });
    expect(v.output).toContain('RESULT: VALID');
  });

  it('finds a sandbox patient by demographics alone (PDS search)', async () => {
    const r = await discover('/SOAP/iti55', ITI55, 'iti-55/request/ipf-iti55-sample-request.xml', params(found, false));
    expect([r.ack, r.qrc, r.ids]).toEqual(['AA', 'OK', [found.nhsNumber]]);
  });

  it.each([
    ['restricted (R)', SANDBOX_PATIENTS.restricted[0]],
    ['very restricted (V)', SANDBOX_PATIENTS.veryRestricted[0]],
  ])('never discloses a %s patient, by id or by search', async (_n, p) => {
    for (const withId of [true, false]) {
      const r = await discover('/SOAP/iti55', ITI55, 'iti-55/request/ipf-iti55-sample-request.xml', params(p, withId));
      expect([r.ack, r.qrc, r.ids]).toEqual(['AA', 'NF', []]);
      // Nothing of the record: no patient, address, telecom or GP (the echoed query is the caller's own data).
      for (const el of ['patient', 'patientPerson', 'addr', 'telecom', 'providerOrganization'])
        expect(descendants(r.msg, HL7, el)).toHaveLength(0);
      expect((await validateIhe(r.body, { strict: true })).errors).toBe(0);
    }
  });

  it('answers NF for an invalidated record and for a number PDS does not know', async () => {
    for (const nhs of [SANDBOX_PATIENTS.invalidated[0], SANDBOX_PATIENTS.notFound[0]]) {
      const r = await discover('/SOAP/iti47', ITI47, 'iti-47/request/ipf-PDQ_ID_Query.xml', params({ ...found, nhsNumber: nhs }));
      expect([r.ack, r.qrc, r.ids]).toEqual(['AA', 'NF', []]);
    }
  });

  it('reports a deceased patient', async () => {
    const p = SANDBOX_PATIENTS.deceased[0];
    const r = await discover('/SOAP/iti55', ITI55, 'iti-55/request/ipf-iti55-sample-request.xml', params(p));
    expect([r.qrc, r.ids]).toEqual(['OK', [p.nhsNumber]]);
    expect(attr(descendants(r.msg, HL7, 'deceasedInd')[0], 'value')).toBe('true');
    expect((await validateIhe(r.body, { strict: true })).errors).toBe(0);
  });

  it('follows a superseded NHS number to the current one', async () => {
    const p = SANDBOX_PATIENTS.superseded[0];
    const r = await discover('/SOAP/iti55', ITI55, 'iti-55/request/ipf-iti55-sample-request.xml', params(p));
    expect([r.qrc, r.ids]).toEqual(['OK', [p.newNhsNumber]]);
  });

  it('answers AE (with an XCPD InternalError issue) when PDS fails, and a valid response', async () => {
    gw.sandbox.faults.add({ path: 're:/Patient', status: 500, times: 10 });
    try {
      const r = await discover('/SOAP/iti55', ITI55, 'iti-55/request/ipf-iti55-sample-request.xml', params(SANDBOX_PATIENTS.found[1]));
      expect([r.ack, r.qrc, r.ids]).toEqual(['AE', 'AE', []]);
      expect(text(descendants(r.msg, HL7, 'text')[0])).toMatch(/demographics service/);
      expect(attr(child(descendants(r.msg, HL7, 'acknowledgementDetail')[0], HL7, 'code'), 'code')).toBe('INTERR');
      expect((await validateIhe(r.body, { strict: true })).errors).toBe(0);
    } finally {
      gw.sandbox.faults.set([]);
    }
  });

  it('learns a CEID from a confirmed match, serves later queries by CEID, and the admin API can remove it', async () => {
    const p = SANDBOX_PATIENTS.found[2];
    const ceid = { root: CEID_OID, extension: `CE${Date.now()}` };
    const first = await discover('/SOAP/iti55', ITI55, 'iti-55/request/ipf-iti55-sample-request.xml', {
      ...params(p),
      ids: [{ root: NHS_OID, extension: p.nhsNumber }, ceid],
    });
    expect(first.qrc).toBe('OK');
    const byCeid = await discover('/SOAP/iti55', ITI55, 'iti-55/request/ipf-iti55-sample-request.xml', { ...params(p), ids: [ceid] });
    expect([byCeid.qrc, byCeid.ids]).toEqual(['OK', [p.nhsNumber]]);

    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${gw.url}/admin/ceid-map/${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const got = await admin('GET', `${CEID_OID}/${ceid.extension}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ root: CEID_OID, extension: ceid.extension, nhsNumber: p.nhsNumber, source: 'query' });
    expect((await fetch(`${gw.url}/admin/ceid-map/${CEID_OID}/${ceid.extension}`)).status).toBe(401);
    expect((await admin('DELETE', `${CEID_OID}/${ceid.extension}`)).status).toBe(204);
    expect((await admin('GET', `${CEID_OID}/${ceid.extension}`)).status).toBe(404);
    const afterRemoval = await discover('/SOAP/iti55', ITI55, 'iti-55/request/ipf-iti55-sample-request.xml', { ...params(p), ids: [ceid] });
    // Unmapped id: the query falls back to its demographics (PDS search), which still find the patient.
    expect(afterRemoval.qrc).toBe('OK');
    expect((await admin('PUT', `${CEID_OID}/${ceid.extension}`, { nhsNumber: p.nhsNumber })).status).toBe(200);
    expect((await admin('PUT', `1.2.3/${ceid.extension}`, { nhsNumber: p.nhsNumber })).status).toBe(400);
    expect((await admin('PUT', `${CEID_OID}/${ceid.extension}`, { nhsNumber: '9000000000' })).status).toBe(400);
    expect((await admin('PUT', `${CEID_OID}/${'X'.repeat(65)}`, { nhsNumber: p.nhsNumber })).status).toBe(400);
  });
});
