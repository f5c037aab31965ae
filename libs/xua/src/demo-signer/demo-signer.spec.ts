import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { XuaConfig } from '../xua.config';
import { XuaVerifier, type XuaSecurityHeader } from '../xua-verifier.service';
import { signedXuaAssertion, wsSecurityHeader, XUA_ASSERTION_MAX_LIFETIME_S, type XuaAssertionClaims } from '../xua-assertion.builder';
import { DEMO_SIGNER_COMMON_NAME, DEMO_SIGNER_IN_MEMORY, demoSignerFiles, loadOrCreateDemoSigner, readDemoSigner } from './demo-signer';

const CLAIMS: XuaAssertionClaims = {
  issuer: 'urn:gw:demo-sts',
  subjectId: 'DEMO, Clinician',
  organization: 'Demo Hospital & Co',
  organizationId: 'urn:oid:1.2.840.114350.1.13.999.3',
  homeCommunityId: 'urn:oid:1.2.840.114350.1.13.999.2',
  role: { code: '158965000', codeSystem: '2.16.840.1.113883.6.96', displayName: 'Medical practitioner' },
  purposeOfUse: { code: 'TREATMENT', codeSystem: '2.16.840.1.113883.3.18.7.1', displayName: 'Treatment' },
  audience: 'urn:gw:demo-gateway',
};

/** What the SOAP edge hands the verifier for a request carrying this assertion and the header's Timestamp. */
function securityHeader(assertion: string, now: Date): XuaSecurityHeader {
  return {
    assertions: [assertion],
    timestampExpires: /<wsu:Expires>([^<]+)<\/wsu:Expires>/.exec(wsSecurityHeader(assertion, now))?.[1],
    idOccurrences: () => 1,
  };
}

function verifier(trusted: string[]): XuaVerifier {
  const cfg = Object.assign(new XuaConfig(), {
    XUA_MODE: 'required',
    XUA_TRUSTED_CERTS: trusted,
    XUA_AUDIENCE: ['urn:gw:demo-gateway'],
    XUA_REQUIRED_ATTRIBUTES: ['subject-id', 'organization', 'organization-id', 'homeCommunityId', 'role', 'purposeofuse'],
  });
  return new XuaVerifier(cfg);
}

describe('demo XUA signer', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'demo-signer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a self-signed X.509 signing certificate (not a CA) that node:crypto reads and verifies', () => {
    const { signer } = loadOrCreateDemoSigner(path.join(dir, 'a'));
    const cert = new X509Certificate(signer.certPem);
    expect(cert.subject).toBe(`CN=${DEMO_SIGNER_COMMON_NAME}`);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.ca).toBe(false);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(Date.parse(cert.validTo)).toBeGreaterThan(Date.now() + 365 * 24 * 3600_000);
  });

  it('is kept in its folder (key for its owner only) and reused by the next start', () => {
    const folder = path.join(dir, 'b');
    const first = loadOrCreateDemoSigner(folder).signer;
    const { keyFile, certFile } = demoSignerFiles(folder);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(first.certFile).toBe(certFile);
    expect(loadOrCreateDemoSigner(folder).signer.certPem).toBe(first.certPem);
    expect(readDemoSigner(folder)?.keyPem).toBe(first.keyPem);
  });

  it('is made afresh when the kept key and certificate do not belong together', () => {
    const folder = path.join(dir, 'c');
    const first = loadOrCreateDemoSigner(folder).signer;
    const other = loadOrCreateDemoSigner(path.join(dir, 'd')).signer;
    writeFileSync(demoSignerFiles(folder).certFile, other.certPem);
    expect(readDemoSigner(folder)).toBeUndefined();
    const again = loadOrCreateDemoSigner(folder).signer;
    expect(again.certPem).not.toBe(first.certPem);
    expect(again.certPem).not.toBe(other.certPem);
    expect(readFileSync(demoSignerFiles(folder).certFile, 'utf8')).toBe(again.certPem);
  });

  it('in memory: one signer per process, nothing written', () => {
    expect(loadOrCreateDemoSigner(DEMO_SIGNER_IN_MEMORY).signer).toBe(loadOrCreateDemoSigner(DEMO_SIGNER_IN_MEMORY).signer);
    expect(loadOrCreateDemoSigner(DEMO_SIGNER_IN_MEMORY).signer.certFile).toBeUndefined();
  });

  it('falls back to memory, saying why, when its folder cannot be written', () => {
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const r = loadOrCreateDemoSigner(path.join(file, 'state'));
    expect(r.signer.certFile).toBeUndefined();
    expect(r.warning).toMatch(/cannot keep the demo XUA signer/);
  });
});

describe('XUA assertion written for the demo signer', () => {
  const { signer } = loadOrCreateDemoSigner(DEMO_SIGNER_IN_MEMORY);
  const now = new Date('2026-06-01T10:00:00.000Z');
  const xml = signedXuaAssertion(CLAIMS, signer, now, 900);
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const first = (local: string) => doc.getElementsByTagNameNS('*', local)[0];

  it('is SAML 2.0, issued now, valid from now for at most an hour, signed RSA-SHA256 with a SHA-256 digest', () => {
    const a = doc.documentElement!;
    expect([a.localName, a.getAttribute('Version'), a.getAttribute('IssueInstant')]).toEqual(['Assertion', '2.0', '2026-06-01T10:00:00Z']);
    const c = first('Conditions');
    expect(c.getAttribute('NotBefore')).toBe('2026-06-01T10:00:00Z');
    expect(c.getAttribute('NotOnOrAfter')).toBe('2026-06-01T10:15:00Z');
    expect(first('SignatureMethod').getAttribute('Algorithm')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(first('DigestMethod').getAttribute('Algorithm')).toBe('http://www.w3.org/2001/04/xmlenc#sha256');
    expect(first('Reference').getAttribute('URI')).toBe(`#${a.getAttribute('ID')}`);
    const longest = new DOMParser().parseFromString(signedXuaAssertion(CLAIMS, signer, now, 10 * 3600), 'text/xml');
    const lc = longest.getElementsByTagNameNS('*', 'Conditions')[0];
    expect((Date.parse(lc.getAttribute('NotOnOrAfter')!) - Date.parse(lc.getAttribute('NotBefore')!)) / 1000).toBe(
      XUA_ASSERTION_MAX_LIFETIME_S,
    );
  });

  it('has an AuthnStatement, sender-vouches confirmation and every XUA attribute', () => {
    expect(first('AuthnStatement')).toBeDefined();
    expect(first('SubjectConfirmation').getAttribute('Method')).toBe('urn:oasis:names:tc:SAML:2.0:cm:sender-vouches');
    const names = Array.from(doc.getElementsByTagNameNS('*', 'Attribute')).map((n) => n.getAttribute('Name'));
    expect(names).toEqual([
      'urn:oasis:names:tc:xspa:1.0:subject:subject-id',
      'urn:oasis:names:tc:xspa:1.0:subject:organization',
      'urn:oasis:names:tc:xspa:1.0:subject:organization-id',
      'urn:nhin:names:saml:homeCommunityId',
      'urn:oasis:names:tc:xacml:2.0:subject:role',
      'urn:oasis:names:tc:xspa:1.0:subject:purposeofuse',
    ]);
  });

  it('passes the gateway verifier with the demo certificate trusted and every attribute required', () => {
    const r = verifier([signer.certPem]).verify(securityHeader(xml, now), new Date(now.getTime() + 60_000));
    expect(r.identity).toMatchObject({
      source: 'saml',
      subjectId: 'DEMO, Clinician',
      organization: 'Demo Hospital & Co',
      role: { code: '158965000' },
      purposeOfUse: { code: 'TREATMENT' },
    });
  });

  it('is refused by a verifier that does not trust the demo certificate', () => {
    const other = loadOrCreateDemoSigner(mkdtempSync(path.join(tmpdir(), 'demo-signer-other-'))).signer;
    expect(() => verifier([other.certPem]).verify(securityHeader(xml, now), now)).toThrow(/not signed by a trusted issuer/);
  });

  it('the wsu:Timestamp is per message: created now, expiring after its lifetime', () => {
    const h = wsSecurityHeader(xml, now, 300);
    expect(h).toContain('<wsu:Created>2026-06-01T10:00:00Z</wsu:Created><wsu:Expires>2026-06-01T10:05:00Z</wsu:Expires>');
    expect(wsSecurityHeader(xml, now)).not.toBe(h); // a fresh wsu:Id each time
  });
});
