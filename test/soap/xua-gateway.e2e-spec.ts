import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { AuditService } from '@gw/audit';
import { attr, child, descendants, parseXml, text, NS } from '@gw/soap';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { readSample, soapRequest, withPdqParameters } from '../support/soap-messages';
import { assertionXml, makeTestPki, RSA_SHA1, securityHeader, signAssertion, type TestPki } from './saml-fixtures';

const HL7 = 'urn:hl7-org:v3';
const ITI55 = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
const NHS_OID = '2.16.840.1.113883.2.1.4.1';
const p = SANDBOX_PATIENTS.found[3];
const params = {
  ids: [{ root: NHS_OID, extension: p.nhsNumber }],
  family: p.family,
  given: p.given?.slice(0, 1),
  birthTime: p.birthDate!.replace(/-/g, ''),
  gender: p.gender === 'male' ? 'M' : 'F',
};

describe('XCPD with XUA required, end to end (signed assertion → discovery → audit)', () => {
  let pki: TestPki;
  let gw: StartedGateway;

  beforeAll(async () => {
    pki = makeTestPki();
    gw = await startGateway({ XUA_MODE: 'required', XUA_TRUSTED_CERTS: pki.caCertFile, XUA_AUDIENCE: 'urn:gw:test-audience' });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(pki.dir, { recursive: true, force: true });
  });

  async function discover(securityXml: string, messageId?: string) {
    const body = soapRequest(ITI55, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), params), {
      headers: securityXml,
      messageId,
    });
    const res = await fetch(`${gw.url}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body,
    });
    return { status: res.status, body: await res.text() };
  }

  it('answers an Epic-style signed request and audits who asked and why', async () => {
    const r = await discover(securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem)));
    expect(r.status).toBe(200);
    expect(attr(descendants(parseXml(r.body), HL7, 'queryResponseCode')[0], 'code')).toBe('OK');
    expect((await validateIhe(r.body, { strict: true })).errors).toBe(0);
    const rec = gw.app.get(AuditService).recent(1)[0];
    expect(rec).toMatchObject({
      transaction: 'ITI-55',
      outcome: 'success',
      requester: {
        source: 'saml',
        subjectId: 'SMITH, John',
        organizationId: 'urn:oid:1.2.840.114350.1.13.999.3',
        homeCommunityId: 'urn:oid:1.2.840.114350.1.13.999.2',
        purposeOfUse: 'TREATMENT@2.16.840.1.113883.3.18.7.1',
      },
    });
    expect(JSON.stringify(rec)).not.toContain(p.nhsNumber);
  });

  it('refuses the same request unsigned, with a wsse:InvalidSecurity fault that validates', async () => {
    const r = await discover(securityHeader(assertionXml()));
    expect(r.status).toBe(400);
    const code = child(child(child(parseXml(r.body), NS.soap12, 'Body'), NS.soap12, 'Fault'), NS.soap12, 'Code');
    expect(text(child(child(code, NS.soap12, 'Subcode'), NS.soap12, 'Value'))).toBe('wsse:InvalidSecurity');
    expect((await validateIhe(r.body, { strict: true })).errors).toBe(0);
    expect(gw.app.get(AuditService).recent(1)[0]).toMatchObject({
      transaction: 'ITI-55',
      outcome: 'refused',
      detail: 'fault:Sender/InvalidSecurity',
    });
  });

  it('refuses the same signed request sent again (replayed wsa:MessageID, checked in Redis) and audits it', async () => {
    const header = securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem));
    const messageId = `urn:uuid:${randomUUID()}`;
    expect((await discover(header, messageId)).status).toBe(200);
    const again = await discover(header, messageId);
    expect(again.status).toBe(400);
    expect(again.body).not.toContain(p.nhsNumber);
    expect((await validateIhe(again.body, { strict: true })).errors).toBe(0);
    expect(gw.app.get(AuditService).recent(1)[0]).toMatchObject({ outcome: 'refused', detail: 'fault:Sender/InvalidAddressingHeader' });
    expect((await discover(header)).status).toBe(200);
  });

  it('refuses an RSA-SHA1 signed request (wsse:UnsupportedAlgorithm)', async () => {
    const r = await discover(
      securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem, { signatureAlgorithm: RSA_SHA1 })),
    );
    expect(r.status).toBe(400);
    expect(r.body).toContain('wsse:UnsupportedAlgorithm');
    expect(r.body).not.toContain(p.nhsNumber);
  });
});
