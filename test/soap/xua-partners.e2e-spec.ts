import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditService } from '@gw/audit';
import { attr, child, descendants, NS, parseXml, text } from '@gw/soap';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { readSample, soapRequest, withPdqParameters } from '../support/soap-messages';
import { assertionXml, makeTestPki, securityHeader, signAssertion, type AssertionOptions, type TestPki } from './saml-fixtures';

const HL7 = 'urn:hl7-org:v3';
const ITI55 = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
const p = SANDBOX_PATIENTS.found[3];
const params = {
  ids: [{ root: '2.16.840.1.113883.2.1.4.1', extension: p.nhsNumber }],
  family: p.family,
  given: p.given?.slice(0, 1),
  birthTime: p.birthDate!.replace(/-/g, ''),
  gender: p.gender === 'male' ? 'M' : 'F',
};
const ISSUER_A = 'https://sts.hospital-a.example';
const ISSUER_B = 'https://sts.hospital-b.example';
const HCID_A = 'urn:oid:1.2.840.114350.1.13.111.2';
const HCID_B = 'urn:oid:1.2.840.114350.1.13.222.2';
const ADMIN_KEY = 'partners-admin-key-0123456789';

/**
 * Two partners with different trust (XUA_PARTNERS_FILE): each request is matched to its partner
 * (by SAML Issuer, or by mTLS client certificate) and checked with that partner's certificates,
 * communities, purposes and quirks only; an unknown caller is refused; SIGHUP reloads the file.
 */
describe('XUA partner profiles', () => {
  let a: TestPki;
  let b: TestPki;
  let dir: string;
  let file: string;
  let gw: StartedGateway;

  const profiles = (withB = true) => ({
    partners: [
      {
        id: 'hospital-a',
        name: 'Hospital A',
        match: { samlIssuers: [ISSUER_A] },
        trustedCertificates: [a.caCertFile],
        homeCommunityIds: [HCID_A],
        purposesOfUse: ['TREATMENT'],
        quirks: { epicPurposeForUse: false },
      },
      ...(withB
        ? [
            {
              id: 'hospital-b',
              name: 'Hospital B',
              match: { samlIssuers: [ISSUER_B], clientCertificateSha256: [new X509Certificate(b.leafCertPem).fingerprint256] },
              trustedCertificates: [b.caCertFile],
              homeCommunityIds: [HCID_B],
              purposesOfUse: ['TREATMENT', 'EMERGENCY'],
            },
          ]
        : []),
    ],
  });

  beforeAll(async () => {
    a = makeTestPki();
    b = makeTestPki();
    dir = mkdtempSync(path.join(tmpdir(), 'xua-partners-'));
    file = path.join(dir, 'partners.json');
    writeFileSync(file, JSON.stringify(profiles()));
    gw = await startGateway({
      XUA_MODE: 'required',
      XUA_PARTNERS_FILE: file,
      XUA_AUDIENCE: 'urn:gw:test-audience',
      XUA_CLIENT_CERT_HEADER: 'x-client-cert',
      ADMIN_API_KEY: ADMIN_KEY,
    });
  });
  afterAll(async () => {
    await gw?.close();
    for (const d of [a?.dir, b?.dir, dir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  const signedBy = (pki: TestPki, o: AssertionOptions) =>
    signAssertion(assertionXml({ purposeElement: 'PurposeOfUse', ...o }), pki.leafKeyPem, pki.leafCertPem);

  async function discover(assertion: string, headers: Record<string, string> = {}) {
    const body = soapRequest(ITI55, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), params), {
      headers: securityHeader(assertion),
    });
    const res = await fetch(`${gw.url}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml', ...headers },
      body,
    });
    const xml = parseXml(await res.text());
    const fault = child(child(xml, NS.soap12, 'Body'), NS.soap12, 'Fault');
    const subcode = text(child(child(child(fault, NS.soap12, 'Code'), NS.soap12, 'Subcode'), NS.soap12, 'Value'));
    const reason = text(child(child(fault, NS.soap12, 'Reason'), NS.soap12, 'Text'));
    return { status: res.status, subcode, reason, code: attr(descendants(xml, HL7, 'queryResponseCode')[0], 'code') };
  }
  const lastAudit = () => gw.app.get(AuditService).recent(1)[0];

  it("accepts each partner's own assertion and audits which partner asked", async () => {
    expect(await discover(signedBy(a, { issuer: ISSUER_A, homeCommunityId: HCID_A }))).toMatchObject({ status: 200, code: 'OK' });
    expect(lastAudit().requester).toMatchObject({ partner: 'hospital-a', source: 'saml' });
    expect(await discover(signedBy(b, { issuer: ISSUER_B, homeCommunityId: HCID_B, purposeCode: 'EMERGENCY' }))).toMatchObject({
      status: 200,
      code: 'OK',
    });
    expect(lastAudit().requester).toMatchObject({ partner: 'hospital-b' });
  });

  it("refuses partner A's issuer signed with partner B's certificates: each partner has only its own trust", async () => {
    const r = await discover(signedBy(b, { issuer: ISSUER_A, homeCommunityId: HCID_A }));
    expect(r).toMatchObject({ status: 400, subcode: 'wsse:FailedAuthentication' });
  });

  it('refuses a caller that matches no partner, even when its signer is trusted by one', async () => {
    const r = await discover(signedBy(a, { issuer: 'https://sts.unknown.example', homeCommunityId: HCID_A }));
    expect(r).toMatchObject({ status: 400, subcode: 'wsse:FailedAuthentication' });
    expect(r.reason).toMatch(/not a known partner/);
  });

  it('holds each partner to its own communities and purposes of use', async () => {
    expect(await discover(signedBy(a, { issuer: ISSUER_A, homeCommunityId: HCID_B }))).toMatchObject({
      status: 400,
      subcode: 'wsse:FailedCheck',
    });
    // EMERGENCY is allowed for B, not for A.
    expect(await discover(signedBy(a, { issuer: ISSUER_A, homeCommunityId: HCID_A, purposeCode: 'EMERGENCY' }))).toMatchObject({
      status: 400,
      subcode: 'wsse:FailedCheck',
    });
  });

  it('applies the Epic PurposeForUse quirk per partner: A must send PurposeOfUse, B may send either', async () => {
    const r = await discover(
      signAssertion(
        assertionXml({ issuer: ISSUER_A, homeCommunityId: HCID_A, purposeElement: 'PurposeForUse' }),
        a.leafKeyPem,
        a.leafCertPem,
      ),
    );
    expect(r).toMatchObject({ status: 400, subcode: 'wsse:FailedCheck' });
    expect(r.reason).toMatch(/PurposeOfUse/);
    const okB = await discover(
      signAssertion(
        assertionXml({ issuer: ISSUER_B, homeCommunityId: HCID_B, purposeElement: 'PurposeForUse' }),
        b.leafKeyPem,
        b.leafCertPem,
      ),
    );
    expect(okB).toMatchObject({ status: 200, code: 'OK' });
  });

  it('matches by the mTLS client certificate before the Issuer', async () => {
    const r = await discover(signedBy(b, { issuer: 'https://sts.other-name-of-b.example', homeCommunityId: HCID_B }), {
      'x-client-cert': encodeURIComponent(b.leafCertPem),
    });
    expect(r).toMatchObject({ status: 200, code: 'OK' });
    expect(lastAudit().requester).toMatchObject({ partner: 'hospital-b' });
  });

  it('lists the partners in the admin API without certificate material', async () => {
    const res = await fetch(`${gw.url}/admin/partners`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(res.status).toBe(200);
    const body = await res.text();
    const answer = JSON.parse(body) as {
      enabled: boolean;
      partners: Array<{ id: string; trustedCertificates: Array<{ sha256: string }> }>;
    };
    expect(answer.enabled).toBe(true);
    expect(answer.partners.map((x) => x.id)).toEqual(['hospital-a', 'hospital-b']);
    expect(answer.partners[0].trustedCertificates[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body).not.toContain('BEGIN');
  });

  it('reloads the file on SIGHUP; an invalid file leaves the partners in force', async () => {
    // Jest gives each test file a process object of its own, which a real signal does not reach:
    // the test raises the 'SIGHUP' event the signal would raise, on the process the gateway listens on.
    const hangup = () => process.emit('SIGHUP', 'SIGHUP');
    const hangupAndWait = async (until: () => Promise<boolean>) => {
      hangup();
      for (let i = 0; i < 50 && !(await until()); i++) await new Promise((r) => setTimeout(r, 100));
    };
    const bAccepted = async () => (await discover(signedBy(b, { issuer: ISSUER_B, homeCommunityId: HCID_B }))).status === 200;
    writeFileSync(file, JSON.stringify(profiles(false)));
    await hangupAndWait(async () => !(await bAccepted()));
    expect(await bAccepted()).toBe(false);
    writeFileSync(file, '{ not json');
    hangup();
    await new Promise((r) => setTimeout(r, 200));
    expect(await discover(signedBy(a, { issuer: ISSUER_A, homeCommunityId: HCID_A }))).toMatchObject({ status: 200, code: 'OK' });
    writeFileSync(file, JSON.stringify(profiles()));
    await hangupAndWait(bAccepted);
    expect(await bAccepted()).toBe(true);
  });
});
