import { readdirSync } from 'node:fs';
import path from 'node:path';
import { register } from 'prom-client';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { resetConfigCache } from '@gw/config';
import { GatewayCacheModule } from '@gw/cache';
import { AuditService } from '@gw/audit';
import { PdsClient, type PdsReadOutcome } from '@gw/pds';
import { IheModule, PatientDiscoveryService, parsePatientDiscoveryQuery } from '@gw/ihe';
import { attr, child, children, descendants, parseXml, text, NS } from '@gw/soap';
import { SoapEdgeModule } from '../../apps/gateway/src/soap/soap-edge.module';
import { validateIhe } from '../support/ihe-validator';
import { IHE_MESSAGES, readSample, soapRequest, withPdqParameters } from '../support/soap-messages';
import { FakePdsClient, pdsPatient } from './fake-pds.client';
import { PatientIdMapStore } from '@gw/patient';
import { createSoapTestApp } from '../support/soap-test-app';

const HL7 = 'urn:hl7-org:v3';
const NHS_OID = '2.16.840.1.113883.2.1.4.1';
const CEID_OID = '1.2.840.114350.1.13.525.3.7.3.688884.100';
const ITI47 = 'urn:hl7-org:v3:PRPA_IN201305UV02';
const ITI55 = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';

const SAMUAL = pdsPatient('9690937278', 'SAMUAL', ['Lucien', 'Keith'], 'male', '1938-12-11');
const ROONEY = pdsPatient('9690938681', 'ROONEY', ['James'], 'male', '1968-02-03', { deceasedDateTime: '1993-02-17T10:00:00+00:00' });

function records(): Map<string, PdsReadOutcome> {
  return new Map<string, PdsReadOutcome>([
    ['9690937278', { kind: 'found', patient: SAMUAL, deceased: false }],
    ['9690938681', { kind: 'found', patient: ROONEY, deceased: true }],
    ['9000000025', { kind: 'restricted' }],
    [
      '9000000017',
      {
        kind: 'found',
        patient: pdsPatient('9000000017', 'DOE', ['Alex'], 'female', '1980-01-01', { address: [{ postalCode: 'AB1 1AA' }] }),
        deceased: false,
      },
    ],
    [
      '9000000033',
      {
        kind: 'found',
        patient: pdsPatient('9000000033', 'DOE', ['Alex'], 'female', '1980-01-01', { address: [{ postalCode: 'CD2 2BB' }] }),
        deceased: false,
      },
    ],
    ['9990003343', { kind: 'invalidated' }],
  ]);
}

describe('ITI-47 / ITI-55 through the SOAP edge (fake PDS)', () => {
  let app: INestApplication;
  let base: string;
  let pds: FakePdsClient;
  let audit: AuditService;

  beforeAll(async () => {
    process.env.XUA_MODE = 'off';
    delete process.env.REDIS_URL;
    process.env.AUDIT_PSEUDONYM_KEY = 'test-pseudonym-key-0123456789';
    resetConfigCache();
    pds = new FakePdsClient(records());
    pds.restrictedFamily.set('9000000025', 'Smythe');
    const mod = await Test.createTestingModule({ imports: [GatewayCacheModule, SoapEdgeModule, IheModule] })
      .overrideProvider(PdsClient)
      .useValue(pds)
      .compile();
    app = createSoapTestApp(mod);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    audit = app.get(AuditService);
  });
  afterAll(async () => {
    await app?.close();
    delete process.env.XUA_MODE;
    delete process.env.AUDIT_PSEUDONYM_KEY;
    resetConfigCache();
  });

  async function post(path: string, action: string, payload: string, messageId?: string) {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest(action, payload, { messageId }),
    });
    const body = await res.text();
    const env = parseXml(body);
    const msg = child(child(env, NS.soap12, 'Body'), HL7, 'PRPA_IN201306UV02');
    return { status: res.status, body, env, msg };
  }

  function summary(msg: ReturnType<typeof child>) {
    const cap = child(msg, HL7, 'controlActProcess');
    return {
      ack: attr(child(child(msg, HL7, 'acknowledgement'), HL7, 'typeCode'), 'code'),
      qrc: attr(child(child(cap, HL7, 'queryAck'), HL7, 'queryResponseCode'), 'code'),
      subjects: children(cap, HL7, 'subject').length,
    };
  }

  const samuel = {
    ids: [{ root: NHS_OID, extension: '9690937278' }],
    family: 'SAMUAL',
    given: ['Lucien'],
    birthTime: '19381211',
    gender: 'M',
  };

  /** Outcomes of the published samples as they stand (checked against ihe-transactions.md §8.3). */
  const EXPECTED: Record<string, { ack: string; qrc: string; subjects: number }> = {
    // unknown otherIDsScopingOrganization domains → AE/AE with 204 details
    'iti-47/request/ipf-01_PDQQuery1.xml': { ack: 'AE', qrc: 'AE', subjects: 0 },
    // identifiers of unknown authorities only → nothing to match
    'iti-47/request/ipf-PDQ_ID_Query.xml': { ack: 'AA', qrc: 'NF', subjects: 0 },
    // given "*" and a birth date: insufficient demographics
    'iti-47/request/ipf-PDQ_with_PID4.xml': { ack: 'AA', qrc: 'NF', subjects: 0 },
    // Jimmy Jones is not in PDS
    'iti-55/request/ipf-iti55-sample-request.xml': { ack: 'AA', qrc: 'NF', subjects: 0 },
    // birth time 19849711 is not a date → AE/QE naming livingSubjectBirthTime
    'iti-55/request/nist-15500-test1_findpatient_dob_gender_name.xml': { ack: 'AE', qrc: 'QE', subjects: 0 },
  };
  /** Every request sample in the shared folder, so a new sample is covered without a code change. */
  const SAMPLES = (['iti-47', 'iti-55'] as const).flatMap((t) =>
    readdirSync(path.join(IHE_MESSAGES, t, 'request'))
      .filter((f) => f.endsWith('.xml'))
      .sort()
      .map((f) => [`${t}/request/${f}`, t === 'iti-47' ? '/SOAP/iti47' : '/SOAP/iti55', t === 'iti-47' ? ITI47 : ITI55] as const),
  );

  it('knows the expected outcome of every published request sample', () => {
    expect(SAMPLES.map((s) => s[0]).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(SAMPLES)('answers the sample %s as published with a valid response', async (file, url, action) => {
    const r = await post(url, action, readSample(file));
    expect(r.status).toBe(200);
    expect(summary(r.msg)).toEqual(EXPECTED[file]);
    const v = await validateIhe(r.body, { strict: true });
    expect(v.output).toContain('RESULT: VALID');
    expect(v.errors).toBe(0);
  });

  it.each(SAMPLES)('finds a PDS patient when %s carries their NHS number and demographics', async (file, url, action) => {
    const r = await post(url, action, withPdqParameters(readSample(file), samuel), 'urn:uuid:0a0b0c0d-0000-4000-8000-000000000001');
    expect(summary(r.msg)).toEqual({ ack: 'AA', qrc: 'OK', subjects: 1 });
    const patient = descendants(r.msg, HL7, 'patient')[0];
    expect(attr(child(patient, HL7, 'id'), 'root')).toBe(NHS_OID);
    expect(attr(child(patient, HL7, 'id'), 'extension')).toBe('9690937278');
    const person = child(patient, HL7, 'patientPerson');
    expect(text(child(child(person, HL7, 'name'), HL7, 'family'))).toBe('SAMUAL');
    expect(attr(child(person, HL7, 'administrativeGenderCode'), 'code')).toBe('M');
    expect(attr(child(person, HL7, 'birthTime'), 'value')).toBe('19381211');
    expect(text(child(child(person, HL7, 'addr'), HL7, 'postalCode'))).toBe('LS1 6AE');
    const gp = child(child(patient, HL7, 'providerOrganization'), HL7, 'id');
    expect([attr(gp, 'root'), attr(gp, 'extension')]).toEqual(['2.16.840.1.113883.2.1.4.3', 'B82617']);
    const custodian = descendants(r.msg, HL7, 'custodian');
    expect(custodian).toHaveLength(1);
    expect(descendants(custodian[0], HL7, 'code').map((c) => attr(c, 'code'))).toEqual(action === ITI55 ? ['NotHealthDataLocator'] : []);
    expect(text(child(child(r.env, NS.soap12, 'Header'), NS.wsa, 'RelatesTo'))).toBe('urn:uuid:0a0b0c0d-0000-4000-8000-000000000001');
    const v = await validateIhe(r.body, { strict: true });
    expect(v.output).toContain('RESULT: VALID');
  });

  it('echoes queryId, the request message id and queryByParameter with the sender prefix', async () => {
    const sample = readSample('iti-55/request/nist-15500-test1_findpatient_dob_gender_name.xml');
    const r = await post('/SOAP/iti55', ITI55, withPdqParameters(sample, samuel));
    const target = child(child(child(r.msg, HL7, 'acknowledgement'), HL7, 'targetMessage'), HL7, 'id');
    expect([attr(target, 'root'), attr(target, 'extension')]).toEqual(['1.2.840.114350.1.13.0.1.7.1.1', '35423']);
    const cap = child(r.msg, HL7, 'controlActProcess');
    expect(attr(child(child(cap, HL7, 'queryAck'), HL7, 'queryId'), 'extension')).toBe('3809840989');
    expect(r.body).toContain('<tag0:queryByParameter');
    // receiver = the request's sender device, with its organisation
    const receiver = child(child(r.msg, HL7, 'receiver'), HL7, 'device');
    expect(attr(child(receiver, HL7, 'id'), 'root')).toBe('1.2.840.114350.1.13.99998.8735');
  });

  it.each([
    [
      'restricted record',
      {
        ...samuel,
        ids: [{ root: NHS_OID, extension: '9000000025' }],
        family: 'Smythe',
        birthTime: '20101022',
        gender: 'F',
        given: ['Janet'],
      },
    ],
    ['invalidated record', { ...samuel, ids: [{ root: NHS_OID, extension: '9990003343' }] }],
    ['demographics that disagree with PDS', { ...samuel, birthTime: '19381212' }],
    ['an NHS number alone', { ids: samuel.ids }],
    ['restricted search hit', { family: 'Smythe', given: ['Janet'], birthTime: '20101022', gender: 'F' }],
  ])('answers NF for a %s, disclosing nothing', async (_name, params) => {
    const r = await post('/SOAP/iti55', ITI55, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), params));
    expect(summary(r.msg)).toEqual({ ack: 'AA', qrc: 'NF', subjects: 0 });
    expect(descendants(r.msg, HL7, 'patient')).toHaveLength(0);
    expect((await validateIhe(r.body, { strict: true })).errors).toBe(0);
  });

  it('finds by demographics alone through PDS search, then reads the full record', async () => {
    pds.reads.length = 0;
    const r = await post(
      '/SOAP/iti55',
      ITI55,
      withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), {
        family: 'Samual',
        given: ['lucien'],
        birthTime: '19381211',
        gender: 'M',
      }),
    );
    expect(summary(r.msg)).toEqual({ ack: 'AA', qrc: 'OK', subjects: 1 });
    expect(pds.reads).toEqual(['9690937278']);
  });

  it('uses the postcode only to narrow a search that found several people', async () => {
    const sample = readSample('iti-55/request/ipf-iti55-sample-request.xml');
    const twins = { family: 'DOE', given: ['Alex'], birthTime: '19800101', gender: 'F' };
    expect(summary((await post('/SOAP/iti55', ITI55, withPdqParameters(sample, twins))).msg).qrc).toBe('NF');
    const narrowed = await post('/SOAP/iti55', ITI55, withPdqParameters(sample, { ...twins, postcode: 'CD2 2BB' }));
    expect(summary(narrowed.msg).qrc).toBe('OK');
    expect(attr(child(descendants(narrowed.msg, HL7, 'patient')[0], HL7, 'id'), 'extension')).toBe('9000000033');
    // a stale postcode does not hide a patient the other demographics find uniquely
    const moved = await post(
      '/SOAP/iti55',
      ITI55,
      withPdqParameters(sample, { family: 'SAMUAL', given: ['Lucien'], birthTime: '19381211', gender: 'M', postcode: 'ZZ9 9ZZ' }),
    );
    expect(summary(moved.msg).qrc).toBe('OK');
  });

  it('reports a deceased patient', async () => {
    const r = await post(
      '/SOAP/iti47',
      ITI47,
      withPdqParameters(readSample('iti-47/request/ipf-PDQ_ID_Query.xml'), {
        ids: [{ root: NHS_OID, extension: '9690938681' }],
        family: 'Rooney',
        birthTime: '19680203',
      }),
    );
    expect(summary(r.msg).qrc).toBe('OK');
    const person = descendants(r.msg, HL7, 'patientPerson')[0];
    expect(attr(child(person, HL7, 'deceasedInd'), 'value')).toBe('true');
    expect(attr(child(person, HL7, 'deceasedTime'), 'value')).toBe('19930217100000+0000');
    expect((await validateIhe(r.body, { strict: true })).errors).toBe(0);
  });

  it('answers AE with an InternalError detected issue when PDS fails (XCPD)', async () => {
    pds.failNext = { kind: 'upstream-error', status: 500 } as never;
    const r = await post('/SOAP/iti55', ITI55, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), samuel));
    expect(summary(r.msg)).toEqual({ ack: 'AE', qrc: 'AE', subjects: 0 });
    const issue = descendants(r.msg, HL7, 'detectedIssueManagement')[0];
    expect(attr(child(issue, HL7, 'code'), 'code')).toBe('InternalError');
    const v = await validateIhe(r.body, { strict: true });
    expect(v.output).toContain('RESULT: VALID');
  });

  it('answers AE/QE naming the parameter for an NHS number that fails the check digit', async () => {
    const r = await post(
      '/SOAP/iti47',
      ITI47,
      withPdqParameters(readSample('iti-47/request/ipf-PDQ_ID_Query.xml'), {
        ...samuel,
        ids: [{ root: NHS_OID, extension: '9000000000' }],
      }),
    );
    expect(summary(r.msg)).toEqual({ ack: 'AE', qrc: 'QE', subjects: 0 });
    expect(text(descendants(r.msg, HL7, 'location')[0])).toContain('livingSubjectId');
    expect((await validateIhe(r.body, { strict: true })).errors).toBe(0);
  });

  it('stores a CEID sent with a confirmed match, and later finds the patient by CEID (PDQv3 asOtherIDs)', async () => {
    const map = app.get(PatientIdMapStore);
    await map.delete(CEID_OID, 'Z1234567');
    const first = await post(
      '/SOAP/iti55',
      ITI55,
      withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), {
        ...samuel,
        ids: [...samuel.ids, { root: CEID_OID, extension: 'Z1234567' }],
      }),
    );
    expect(summary(first.msg).qrc).toBe('OK');
    expect((await map.get(CEID_OID, 'Z1234567'))?.nhsNumber).toBe('9690937278');
    const second = await post(
      '/SOAP/iti47',
      ITI47,
      withPdqParameters(readSample('iti-47/request/ipf-PDQ_ID_Query.xml'), {
        ids: [{ root: CEID_OID, extension: 'Z1234567' }],
        family: 'SAMUAL',
        birthTime: '19381211',
        otherIdsScopingOrganizations: [CEID_OID],
      }),
    );
    expect(summary(second.msg)).toEqual({ ack: 'AA', qrc: 'OK', subjects: 1 });
    const other = descendants(second.msg, HL7, 'asOtherIDs')[0];
    expect(attr(child(other, HL7, 'id'), 'extension')).toBe('Z1234567');
    expect((await validateIhe(second.body, { strict: true })).errors).toBe(0);
  });

  it('does not store ids of unknown assigning authorities', async () => {
    const map = app.get(PatientIdMapStore);
    await post(
      '/SOAP/iti55',
      ITI55,
      withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), {
        ...samuel,
        ids: [...samuel.ids, { root: '1.2.3.4.5', extension: 'X1' }],
      }),
    );
    expect(await map.get('1.2.3.4.5', 'X1')).toBeUndefined();
  });

  it('audits every discovery with a keyed pseudonym, never the NHS number', async () => {
    const before = audit.recent(1000).length;
    await post('/SOAP/iti55', ITI55, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), samuel));
    const rec = audit.recent(1)[0];
    expect(audit.recent(1000).length).toBe(before + 1);
    expect(rec).toMatchObject({ transaction: 'ITI-55', outcome: 'success' });
    // no XUA here: the HL7 sender organisation stands in for the home community
    expect(rec.requester).toMatchObject({ source: 'default', homeCommunityId: 'urn:oid:1.2.3.928.955' });
    expect(rec.patientPseudonym).toMatch(/^[0-9a-f]{32}$/);
    expect(rec.patientPseudonym).toBe(audit.pseudonymise('9690937278'));
    expect(JSON.stringify(rec)).not.toContain('9690937278');
    expect(JSON.stringify(rec)).not.toMatch(/SAMUAL/i);
  });

  it('counts PDQ and XCPD answers in gw_ihe_* like every other transaction', async () => {
    const answered = async () =>
      [...(await register.metrics()).matchAll(/^gw_ihe_responses_total\{transaction="ITI-55",[^}]*\} (\d+)$/gm)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
    const before = await answered();
    await post('/SOAP/iti55', ITI55, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), samuel));
    expect(await answered()).toBe(before + 1);
    expect(await register.metrics()).toMatch(/^gw_ihe_handler_seconds_count\{transaction="ITI-55",status="AA\/OK"\} [1-9]/m);
  });

  it('never discloses a patient other than the XUA resource-id names', async () => {
    const sut = app.get(PatientDiscoveryService);
    const q = parsePatientDiscoveryQuery(parseXml(withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), samuel)));
    const other = await sut.discover(q, 'XCPD', {
      requestId: 'r1',
      identity: { source: 'saml', resourceId: '9690938681^^^&2.16.840.1.113883.2.1.4.1&ISO' },
    });
    expect([other.response.queryResponseCode, other.response.patients.length, other.audit.detail]).toEqual([
      'NF',
      0,
      'xua-resource-id-mismatch',
    ]);
    const same = await sut.discover(q, 'XCPD', {
      requestId: 'r2',
      identity: { source: 'saml', resourceId: '9690937278^^^&2.16.840.1.113883.2.1.4.1&ISO' },
    });
    expect(same.response.queryResponseCode).toBe('OK');
  });

  it('audits SOAP faults as refusals', async () => {
    const res = await fetch(`${base}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml' },
      body: soapRequest('urn:wrong', '<x/>'),
    });
    expect(res.status).toBe(400);
    expect(audit.recent(1)[0]).toMatchObject({ transaction: 'SOAP', outcome: 'refused', detail: 'fault:Sender/ActionNotSupported' });
  });

  it('rejects a message with no query at all with an MCCI AR (SYN105)', async () => {
    const noQuery = readSample('iti-55/request/ipf-iti55-sample-request.xml').replace(/<queryByParameter>[\s\S]*<\/queryByParameter>/, '');
    const r = await post('/SOAP/iti55', ITI55, noQuery);
    expect(r.status).toBe(200);
    const mcci = child(child(r.env, NS.soap12, 'Body'), HL7, 'MCCI_IN000002UV01');
    expect(attr(child(child(mcci, HL7, 'acknowledgement'), HL7, 'typeCode'), 'code')).toBe('AR');
    expect(text(child(child(r.env, NS.soap12, 'Header'), NS.wsa, 'Action'))).toBe('urn:hl7-org:v3:MCCI_IN000002UV01');
    expect(r.body).toContain('SYN105');
    const v = await validateIhe(r.body, { strict: true });
    expect(v.output).toContain('RESULT: VALID');
  });

  it('acknowledges a deferred XCPD request with an MCCI NS250 NAK', async () => {
    const sample = readSample('iti-55/request/ipf-iti55-sample-request.xml').replace(
      '<responsePriorityCode code="I"/>',
      '<responsePriorityCode code="D"/>',
    );
    const res = await fetch(`${base}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml' },
      body: soapRequest(ITI55, sample),
    });
    const body = await res.text();
    expect(body).toContain('MCCI_IN000002UV01');
    expect(body).toContain('NS250');
    expect((await validateIhe(body, { strict: true })).errors).toBe(0);
  });

  it.each([
    ['urn:hl7-org:v3:QUQI_IN000003UV01_Cancel', 'AA'],
    ['urn:hl7-org:v3:QUQI_IN000003UV01_Continue', 'AE'],
  ])('answers the PDQv3 %s with an MCCI %s (no result set is ever left open)', async (action, ack) => {
    const quqi =
      `<QUQI_IN000003UV01 xmlns="urn:hl7-org:v3" ITSVersion="XML_1.0"><id root="1.2.840.114350.1.13.0.1.7.1.1" extension="99"/><creationTime value="20260101120000"/>` +
      `<interactionId root="2.16.840.1.113883.1.6" extension="QUQI_IN000003UV01"/><processingCode code="T"/><processingModeCode code="T"/><acceptAckCode code="AL"/>` +
      `<receiver typeCode="RCV"><device classCode="DEV" determinerCode="INSTANCE"><id root="1.2.3"/></device></receiver>` +
      `<sender typeCode="SND"><device classCode="DEV" determinerCode="INSTANCE"><id root="1.2.840.114350.1.13.999.567"/></device></sender>` +
      `<controlActProcess classCode="CACT" moodCode="EVN"><code code="PRPA_TE000003UV01" codeSystem="2.16.840.1.113883.1.6"/>` +
      `<queryContinuation><queryId root="1.2.840.114350.1.13.28.1.18.5.999" extension="18204"/><statusCode code="${ack === 'AA' ? 'aborted' : 'waitContinuedQueryResponse'}"/>` +
      `<continuationQuantity value="5"/></queryContinuation></controlActProcess></QUQI_IN000003UV01>`;
    const res = await fetch(`${base}/SOAP/iti47`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml' },
      body: soapRequest(action, quqi),
    });
    const body = await res.text();
    expect(res.status).toBe(200);
    const env = parseXml(body);
    expect(text(child(child(env, NS.soap12, 'Header'), NS.wsa, 'Action'))).toBe('urn:hl7-org:v3:MCCI_IN000002UV01');
    const mcci = child(child(env, NS.soap12, 'Body'), HL7, 'MCCI_IN000002UV01');
    expect(attr(child(child(mcci, HL7, 'acknowledgement'), HL7, 'typeCode'), 'code')).toBe(ack);
    const target = child(child(child(mcci, HL7, 'acknowledgement'), HL7, 'targetMessage'), HL7, 'id');
    expect(attr(target, 'extension')).toBe('99');
    expect((await validateIhe(body, { strict: true })).errors).toBe(0);
  });

  it('acknowledges the deferred XCPD Action with an MCCI NS250 NAK too', async () => {
    const r = await fetch(`${base}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml' },
      body: soapRequest(
        'urn:hl7-org:v3:PRPA_IN201305UV02:Deferred:CrossGatewayPatientDiscovery',
        readSample('iti-55/request/ipf-iti55-sample-request.xml'),
      ),
    });
    const body = await r.text();
    expect(text(child(child(parseXml(body), NS.soap12, 'Header'), NS.wsa, 'Action'))).toBe('urn:hl7-org:v3:MCCI_IN000002UV01');
    expect(body).toContain('NS250');
    expect((await validateIhe(body, { strict: true })).errors).toBe(0);
  });
});
