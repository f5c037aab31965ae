import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { resetConfigCache } from '@gw/config';
import { child, parseXml, text, NS } from '@gw/soap';
import { SoapEdgeModule } from '../../apps/gateway/src/soap/soap-edge.module';
import { soapRequest } from '../support/soap-messages';
import { WHO_ACTION, WhoModule } from './who-handler';
import { validateIhe } from '../support/ihe-validator';
import { SignedXml } from 'xml-crypto';
import { assertionXml, makeTestPki, makeUnrelatedCerts, securityHeader, signAssertion, type TestPki } from './saml-fixtures';
import { createSoapTestApp } from '../support/soap-test-app';

const ACTION = WHO_ACTION;

async function startEdge(env: Record<string, string>): Promise<{ app: INestApplication; url: string }> {
  Object.assign(process.env, env);
  resetConfigCache();
  const mod = await Test.createTestingModule({ imports: [SoapEdgeModule, WhoModule] }).compile();
  const app = createSoapTestApp(mod);
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

async function call(url: string, header = '') {
  const res = await fetch(`${url}/SOAP/who`, {
    method: 'POST',
    headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
    body: soapRequest(ACTION, '<t:Q xmlns:t="urn:test"/>', { headers: header }),
  });
  const body = await res.text();
  const env = parseXml(body);
  const bodyEl = child(env, NS.soap12, 'Body');
  const fault = child(bodyEl, NS.soap12, 'Fault');
  const code = child(fault, NS.soap12, 'Code');
  return {
    status: res.status,
    body,
    identity: fault ? undefined : JSON.parse(text(child(bodyEl, 'urn:test', 'Who')) ?? '{}'),
    subcode: text(child(child(code, NS.soap12, 'Subcode'), NS.soap12, 'Value')),
  };
}

describe('XUA SAML verification at the SOAP edge', () => {
  let pki: TestPki;
  const saved = { ...process.env };

  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => {
    rmSync(pki.dir, { recursive: true, force: true });
    process.env = saved;
    resetConfigCache();
  });

  describe('required mode, trusting a test CA', () => {
    let edge: { app: INestApplication; url: string };
    beforeAll(async () => {
      edge = await startEdge({
        XUA_MODE: 'required',
        XUA_TRUSTED_CERTS: pki.caCertFile,
        XUA_AUDIENCE: 'urn:gw:test-audience',
        XUA_CLOCK_SKEW_S: '60',
      });
    });
    afterAll(async () => edge.app.close());

    it('accepts a valid signed assertion and hands over its claims (Epic PurposeForUse, SNOMED role)', async () => {
      const r = await call(edge.url, securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem)));
      expect(r.status).toBe(200);
      expect(r.identity).toEqual({
        source: 'saml',
        subjectId: 'SMITH, John',
        organization: 'Example Hospital',
        organizationId: 'urn:oid:1.2.840.114350.1.13.999.3',
        homeCommunityId: 'urn:oid:1.2.840.114350.1.13.999.2',
        role: { code: '224608005', codeSystem: '2.16.840.1.113883.6.96', displayName: 'Administrative healthcare staff' },
        purposeOfUse: { code: 'TREATMENT', codeSystem: '2.16.840.1.113883.3.18.7.1', displayName: 'Treatment' },
      });
    });

    it('takes the Subject NameID as the subject when subject-id is absent', async () => {
      const r = await call(edge.url, securityHeader(signAssertion(assertionXml({ noSubjectId: true }), pki.leafKeyPem, pki.leafCertPem)));
      expect([r.status, r.identity?.subjectId]).toEqual([200, 'CN=EpicUser']);
    });

    it('reads the PurposeOfUse spelling too', async () => {
      const r = await call(
        edge.url,
        securityHeader(signAssertion(assertionXml({ purposeElement: 'PurposeOfUse' }), pki.leafKeyPem, pki.leafCertPem)),
      );
      expect(r.identity.purposeOfUse.code).toBe('TREATMENT');
    });

    it('refuses a tampered assertion (FailedAuthentication)', async () => {
      const signed = signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem).replace('SMITH, John', 'JONES, Evil');
      const r = await call(edge.url, securityHeader(signed));
      expect([r.status, r.subcode]).toEqual([400, 'wsse:FailedAuthentication']);
      expect(r.body).not.toContain('JONES');
    });

    it('refuses an expired assertion (MessageExpired)', async () => {
      const old = assertionXml({ notBefore: new Date(Date.now() - 3_600_000), notOnOrAfter: new Date(Date.now() - 600_000) });
      const r = await call(edge.url, securityHeader(signAssertion(old, pki.leafKeyPem, pki.leafCertPem)));
      expect([r.status, r.subcode]).toEqual([400, 'wsse:MessageExpired']);
    });

    it('tolerates clock skew inside XUA_CLOCK_SKEW_S', async () => {
      const soon = assertionXml({ notBefore: new Date(Date.now() + 30_000) });
      const r = await call(edge.url, securityHeader(signAssertion(soon, pki.leafKeyPem, pki.leafCertPem)));
      expect(r.status).toBe(200);
    });

    it('refuses a signature-wrapped assertion (forged claims beside the signed original)', async () => {
      const genuine = signAssertion(assertionXml({ id: '_genuine' }), pki.leafKeyPem, pki.leafCertPem);
      const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(genuine)?.[0] ?? /<Signature[\s\S]*<\/Signature>/.exec(genuine)![0];
      const unsignedGenuine = genuine.replace(signature, '');
      // The forged assertion takes the genuine ID and signature; the genuine one hides in Advice.
      const forged = assertionXml({ id: '_genuine', subjectId: 'MALLORY, Eve' })
        .replace('</saml2:Issuer>', `</saml2:Issuer>${signature}`)
        .replace(
          '<saml2:AttributeStatement>',
          `<saml2:Advice>${unsignedGenuine.replace(signature, '')}</saml2:Advice><saml2:AttributeStatement>`,
        );
      const wrapped = forged.replace('<saml2:Advice>', `<saml2:Advice>`).replace(unsignedGenuine, genuine);
      const r = await call(edge.url, securityHeader(wrapped));
      expect([r.status, r.subcode]).toEqual([400, 'wsse:FailedAuthentication']);
      expect(r.body).not.toContain('MALLORY');
    });

    it('refuses an unsigned assertion (InvalidSecurity)', async () => {
      const r = await call(edge.url, securityHeader(assertionXml()));
      expect([r.status, r.subcode]).toEqual([400, 'wsse:InvalidSecurity']);
    });

    it('refuses a request with no assertion at all (InvalidSecurity), as a valid SOAP fault', async () => {
      const r = await call(edge.url);
      expect([r.status, r.subcode]).toEqual([400, 'wsse:InvalidSecurity']);
      const v = await validateIhe(r.body, { strict: true });
      expect(v.errors).toBe(0);
    });

    it('refuses a signer no trusted CA issued, even with its certificate in KeyInfo', async () => {
      const r = await call(edge.url, securityHeader(signAssertion(assertionXml(), pki.rogueKeyPem, pki.rogueCertPem)));
      expect([r.status, r.subcode]).toEqual([400, 'wsse:FailedAuthentication']);
    });

    it('refuses an expired wsu:Timestamp (MessageExpired)', async () => {
      const header = securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem)).replace(
        /<wsu:Expires>[^<]+<\/wsu:Expires>/,
        `<wsu:Expires>${new Date(Date.now() - 600_000).toISOString()}</wsu:Expires>`,
      );
      const r = await call(edge.url, header);
      expect([r.status, r.subcode]).toEqual([400, 'wsse:MessageExpired']);
    });

    it.each([
      ['without an AuthnStatement', { noAuthnStatement: true }],
      ['without the purpose-of-use attribute', { noPurpose: true }],
      ['for a purpose other than treatment', { purposeCode: 'MARKETING' }],
    ])('refuses an assertion %s (FailedCheck)', async (_n, o) => {
      const r = await call(edge.url, securityHeader(signAssertion(assertionXml(o), pki.leafKeyPem, pki.leafCertPem)));
      expect([r.status, r.subcode]).toEqual([400, 'wsse:FailedCheck']);
    });

    it('refuses an assertion for another audience (FailedCheck)', async () => {
      const r = await call(
        edge.url,
        securityHeader(signAssertion(assertionXml({ audience: 'urn:someone-else' }), pki.leafKeyPem, pki.leafCertPem)),
      );
      expect([r.status, r.subcode]).toEqual([400, 'wsse:FailedCheck']);
    });
  });

  describe('validate-if-present mode, trusting the signing certificate itself (pinned)', () => {
    let edge: { app: INestApplication; url: string };
    beforeAll(async () => {
      edge = await startEdge({
        XUA_MODE: 'validate-if-present',
        XUA_TRUSTED_CERTS: pki.leafCertPem.replace(/\n/g, '\\n'),
        XUA_AUDIENCE: '',
      });
    });
    afterAll(async () => edge.app.close());

    it('answers a request without an assertion with the default identity', async () => {
      const r = await call(edge.url);
      expect([r.status, r.identity]).toEqual([200, { source: 'default' }]);
    });

    it('verifies an assertion that is present against the pinned certificate', async () => {
      expect((await call(edge.url, securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem)))).status).toBe(200);
      expect((await call(edge.url, securityHeader(assertionXml()))).subcode).toBe('wsse:InvalidSecurity');
    });
  });

  describe('many trusted certificates: the key is the one KeyInfo names, checked once', () => {
    let others: string[];
    let check: jest.SpyInstance;
    beforeAll(() => {
      others = makeUnrelatedCerts(pki.dir, 30);
    });
    beforeEach(() => {
      check = jest.spyOn(SignedXml.prototype, 'checkSignature');
    });
    afterEach(() => check.mockRestore());

    it('verifies a CA-issued signer named by its KeyInfo certificate, the CA last of 31 trusted', async () => {
      const edge = await startEdge({ XUA_MODE: 'required', XUA_TRUSTED_CERTS: [...others, pki.caCertFile].join(','), XUA_AUDIENCE: '' });
      try {
        const r = await call(edge.url, securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem)));
        expect([r.status, r.identity?.subjectId]).toEqual([200, 'SMITH, John']);
        expect(check).toHaveBeenCalledTimes(1);
      } finally {
        await edge.app.close();
      }
    });

    it('verifies a pinned signer deep in the list, by KeyInfo certificate and by X509IssuerSerial, one check each', async () => {
      const leafPinned = pki.leafCertPem.replace(/\n/g, '\\n');
      const edge = await startEdge({ XUA_MODE: 'required', XUA_TRUSTED_CERTS: [...others, leafPinned].join(','), XUA_AUDIENCE: '' });
      try {
        const byCert = await call(edge.url, securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem)));
        expect(byCert.status).toBe(200);
        const leaf = new X509Certificate(pki.leafCertPem);
        const issuerSerial =
          `<X509Data><X509IssuerSerial><X509IssuerName>${leaf.issuer.split('\n').join(',')}</X509IssuerName>` +
          `<X509SerialNumber>${BigInt(`0x${leaf.serialNumber}`).toString(10)}</X509SerialNumber></X509IssuerSerial></X509Data>`;
        const bySerial = await call(
          edge.url,
          securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem, { keyInfo: issuerSerial })),
        );
        expect(bySerial.status).toBe(200);
        expect(check).toHaveBeenCalledTimes(2);
      } finally {
        await edge.app.close();
      }
    });

    it('refuses a signer whose KeyInfo names no trusted certificate without trying the trusted ones', async () => {
      const edge = await startEdge({ XUA_MODE: 'required', XUA_TRUSTED_CERTS: [...others, pki.caCertFile].join(','), XUA_AUDIENCE: '' });
      try {
        const r = await call(edge.url, securityHeader(signAssertion(assertionXml(), pki.rogueKeyPem, pki.rogueCertPem)));
        expect([r.status, r.subcode]).toEqual([400, 'wsse:FailedAuthentication']);
        expect(check).not.toHaveBeenCalled();
      } finally {
        await edge.app.close();
      }
    });
  });
});
