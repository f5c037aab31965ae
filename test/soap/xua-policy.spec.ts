import { X509Certificate } from 'node:crypto';
import { rmSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { loadConfig } from '@gw/config';
import {
  checkHolderOfKey,
  checkSignatureAlgorithms,
  checkValidityPolicy,
  clientCertificateFrom,
  XuaConfig,
  XuaRejection,
  type DomElement,
} from '@gw/xua';
import { certBase64, makeTestPki, type TestPki } from './saml-fixtures';

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

function el(xml: string): DomElement {
  return new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as DomElement;
}

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof XuaRejection) return e.reason;
    throw e;
  }
}

describe('XUA policy rules', () => {
  const cfg = loadConfig(XuaConfig, {});
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

  describe('validity', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    const assertion = (attrs: string, conditions: string) =>
      el(`<a:Assertion xmlns:a="${SAML}" Version="2.0" ${attrs}><a:Conditions ${conditions}/></a:Assertion>`);

    it('accepts exactly the maximum lifetime and returns NotOnOrAfter plus the skew', () => {
      const a = assertion('IssueInstant="2026-01-01T12:00:00Z"', 'NotBefore="2026-01-01T11:59:00Z" NotOnOrAfter="2026-01-01T12:59:00Z"');
      expect(checkValidityPolicy(a, cfg, now)).toBe(Date.parse('2026-01-01T12:59:00Z') + 60_000);
    });

    it('refuses one second more than the maximum', () => {
      const a = assertion('IssueInstant="2026-01-01T12:00:00Z"', 'NotBefore="2026-01-01T11:58:59Z" NotOnOrAfter="2026-01-01T12:59:00Z"');
      expect(reason(() => checkValidityPolicy(a, cfg, now))).toBe('invalid-token');
    });

    it('measures from IssueInstant when there is no NotBefore', () => {
      const a = assertion('IssueInstant="2026-01-01T10:00:00Z"', 'NotOnOrAfter="2026-01-01T12:30:00Z"');
      expect(reason(() => checkValidityPolicy(a, cfg, now))).toBe('invalid-token');
    });

    it('tolerates an IssueInstant inside the skew and refuses one beyond it', () => {
      const ok = assertion('IssueInstant="2026-01-01T12:00:59Z"', 'NotOnOrAfter="2026-01-01T12:05:00Z"');
      const ahead = assertion('IssueInstant="2026-01-01T12:01:01Z"', 'NotOnOrAfter="2026-01-01T12:05:00Z"');
      expect(reason(() => checkValidityPolicy(ok, cfg, now))).toBeUndefined();
      expect(reason(() => checkValidityPolicy(ahead, cfg, now))).toBe('expired');
    });

    it('refuses an assertion without IssueInstant (SAML 2.0 requires it)', () => {
      expect(reason(() => checkValidityPolicy(assertion('', 'NotOnOrAfter="2026-01-01T12:05:00Z"'), cfg, now))).toBe('malformed');
    });
  });

  describe('algorithms', () => {
    const signed = (method: string, digest: string, extra = '') =>
      el(
        `<w:Security xmlns:w="urn:wsse"><a:Assertion xmlns:a="${SAML}"><ds:Signature xmlns:ds="${DS}"><ds:SignedInfo>` +
          `<ds:SignatureMethod Algorithm="${method}"/><ds:Reference><ds:DigestMethod Algorithm="${digest}"/></ds:Reference>` +
          `</ds:SignedInfo>${extra}</ds:Signature></a:Assertion></w:Security>`,
      );
    const RSA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
    const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

    it('accepts RSA-SHA256 with a SHA-256 digest', () => {
      expect(reason(() => checkSignatureAlgorithms(signed(RSA256, SHA256), cfg))).toBeUndefined();
    });

    it('refuses an unknown algorithm, and a SHA-1 SignatureMethod hidden outside SignedInfo (xml-crypto reads the first anywhere)', () => {
      expect(reason(() => checkSignatureAlgorithms(signed('urn:x:none', SHA256), cfg))).toBe('weak-algorithm');
      const hidden = `<ds:Object><ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/></ds:Object>`;
      expect(reason(() => checkSignatureAlgorithms(signed(RSA256, SHA256, hidden), cfg))).toBe('weak-algorithm');
    });
  });

  describe('holder-of-key', () => {
    const hok = (keyInfo: string) =>
      el(
        `<a:Assertion xmlns:a="${SAML}"><a:Subject><a:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key">` +
          `<a:SubjectConfirmationData><ds:KeyInfo xmlns:ds="${DS}">${keyInfo}</ds:KeyInfo></a:SubjectConfirmationData>` +
          `</a:SubjectConfirmation></a:Subject></a:Assertion>`,
      );

    it('accepts an RSAKeyValue that is the client certificate key', () => {
      const jwk = new X509Certificate(pki.leafCertPem).publicKey.export({ format: 'jwk' });
      const b64 = (s?: string) => Buffer.from(s ?? '', 'base64url').toString('base64');
      const keyValue = `<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>${b64(jwk.n)}</ds:Modulus><ds:Exponent>${b64(jwk.e)}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>`;
      expect(reason(() => checkHolderOfKey(hok(keyValue), cfg, new X509Certificate(pki.leafCertPem)))).toBeUndefined();
      expect(reason(() => checkHolderOfKey(hok(keyValue), cfg, new X509Certificate(pki.rogueCertPem)))).toBe('no-proof');
    });
  });

  describe('client certificate header', () => {
    const name = 'x-client-cert';
    it.each([
      ['PEM on one line (newlines as spaces)', () => pki.leafCertPem.replace(/\n/g, ' ')],
      ['URL-encoded PEM', () => encodeURIComponent(pki.leafCertPem)],
      ['base64 DER', () => certBase64(pki.leafCertPem)],
    ])('reads %s', (_n, value) => {
      const cert = clientCertificateFrom({ [name]: value() }, 'X-Client-Cert');
      expect(cert?.fingerprint256).toBe(new X509Certificate(pki.leafCertPem).fingerprint256);
    });

    it('reads nothing from an absent, repeated or unreadable header, or when no header is configured', () => {
      expect(clientCertificateFrom({}, name)).toBeUndefined();
      expect(clientCertificateFrom({ [name]: [certBase64(pki.leafCertPem), certBase64(pki.rogueCertPem)] }, name)).toBeUndefined();
      expect(clientCertificateFrom({ [name]: 'not a certificate' }, name)).toBeUndefined();
      expect(clientCertificateFrom({ [name]: certBase64(pki.leafCertPem) }, undefined)).toBeUndefined();
    });
  });
});
