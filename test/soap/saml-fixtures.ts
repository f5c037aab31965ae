import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignedXml } from 'xml-crypto';

export interface TestPki {
  dir: string;
  caCertFile: string;
  caCertPem: string;
  leafKeyPem: string;
  leafCertPem: string;
  /** A signer whose certificate no trusted CA issued. */
  rogueKeyPem: string;
  rogueCertPem: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A throwaway CA, a signing certificate it issued, and an unrelated self-signed signer (openssl CLI). */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'xua-pki-'));
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=Test XUA CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  ]);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=Initiating Gateway STS']);
  writeFileSync(path.join(dir, 'leaf.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n');
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'leaf.crt',
    '-days',
    '2',
    '-extfile',
    'leaf.ext',
  ]);
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'rogue.key',
    '-out',
    'rogue.crt',
    '-days',
    '2',
    '-subj',
    '/CN=Rogue',
  ]);
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return {
    dir,
    caCertFile: path.join(dir, 'ca.crt'),
    caCertPem: read('ca.crt'),
    leafKeyPem: read('leaf.key'),
    leafCertPem: read('leaf.crt'),
    rogueKeyPem: read('rogue.key'),
    rogueCertPem: read('rogue.crt'),
  };
}

/** `n` unrelated self-signed certificates (EC, quick to make) as files in `dir`: a crowded trust store. */
export function makeUnrelatedCerts(dir: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const file = `other-${i}.crt`;
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `other-${i}.key`,
      '-out',
      file,
      '-days',
      '2',
      '-subj',
      `/CN=Other issuer ${i}`,
    ]);
    return path.join(dir, file);
  });
}

export interface AssertionOptions {
  id?: string;
  /** saml2:Issuer (default https://sts.example-hospital.org). */
  issuer?: string;
  notBefore?: Date;
  notOnOrAfter?: Date;
  audience?: string;
  subjectId?: string;
  /** Epic's element name (PurposeForUse) or the current one (PurposeOfUse). */
  purposeElement?: 'PurposeForUse' | 'PurposeOfUse';
  purposeCode?: string;
  /** Leave out the AuthnStatement. */
  noAuthnStatement?: boolean;
  /** Leave out the subject-id attribute. */
  noSubjectId?: boolean;
  /** Leave out the purpose-of-use attribute. */
  noPurpose?: boolean;
  /** subject:organization-id and homeCommunityId values of the requesting organisation. */
  organizationId?: string;
  homeCommunityId?: string;
  /** Leave out these attributes. */
  omit?: Array<'organization' | 'organization-id' | 'homeCommunityId' | 'role'>;
  /** Leave out Conditions/@NotOnOrAfter. */
  noNotOnOrAfter?: boolean;
  issueInstant?: Date;
  /** Assertion/@Version (default 2.0). */
  version?: string;
  /** Holder-of-key confirmation instead of sender-vouches; `keyCertPem` goes into its KeyInfo (none = no key). */
  holderOfKey?: { keyCertPem?: string };
}

/** The base64 DER body of a PEM certificate, as it goes into ds:X509Certificate. */
export function certBase64(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

function subjectConfirmation(o: AssertionOptions): string {
  if (!o.holderOfKey) return `<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:sender-vouches"/>`;
  const keyInfo = o.holderOfKey.keyCertPem
    ? `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certBase64(o.holderOfKey.keyCertPem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`
    : '';
  return (
    `<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key">` +
    `<saml2:SubjectConfirmationData xsi:type="saml2:KeyInfoConfirmationDataType">${keyInfo}</saml2:SubjectConfirmationData></saml2:SubjectConfirmation>`
  );
}

/** An Epic-style XUA assertion (unsigned). */
export function assertionXml(o: AssertionOptions = {}): string {
  const now = Date.now();
  const id = o.id ?? `_${randomUUID()}`;
  const nb = (o.notBefore ?? new Date(now - 60_000)).toISOString();
  const na = (o.notOnOrAfter ?? new Date(now + 300_000)).toISOString();
  const omit = new Set(o.omit ?? []);
  const attr = (name: string, value: string) =>
    `<saml2:Attribute Name="${name}"><saml2:AttributeValue>${value}</saml2:AttributeValue></saml2:Attribute>`;
  const purpose = o.purposeElement ?? 'PurposeForUse';
  return (
    `<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${id}" IssueInstant="${(o.issueInstant ?? new Date(now)).toISOString()}" Version="${o.version ?? '2.0'}">` +
    `<saml2:Issuer>${o.issuer ?? 'https://sts.example-hospital.org'}</saml2:Issuer>` +
    `<saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName">CN=EpicUser</saml2:NameID>` +
    `${subjectConfirmation(o)}</saml2:Subject>` +
    `<saml2:Conditions NotBefore="${nb}"${o.noNotOnOrAfter ? '' : ` NotOnOrAfter="${na}"`}><saml2:AudienceRestriction><saml2:Audience>${o.audience ?? 'urn:gw:test-audience'}</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>` +
    (o.noAuthnStatement
      ? ''
      : `<saml2:AuthnStatement AuthnInstant="${new Date(now).toISOString()}"><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:X509</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>`) +
    `<saml2:AttributeStatement>` +
    (o.noSubjectId ? '' : attr('urn:oasis:names:tc:xspa:1.0:subject:subject-id', o.subjectId ?? 'SMITH, John')) +
    (omit.has('organization') ? '' : attr('urn:oasis:names:tc:xspa:1.0:subject:organization', 'Example Hospital')) +
    (omit.has('organization-id')
      ? ''
      : attr('urn:oasis:names:tc:xspa:1.0:subject:organization-id', o.organizationId ?? 'urn:oid:1.2.840.114350.1.13.999.3')) +
    (omit.has('homeCommunityId')
      ? ''
      : attr('urn:nhin:names:saml:homeCommunityId', o.homeCommunityId ?? 'urn:oid:1.2.840.114350.1.13.999.2')) +
    (omit.has('role')
      ? ''
      : `<saml2:Attribute Name="urn:oasis:names:tc:xacml:2.0:subject:role"><saml2:AttributeValue xsi:type="hl7:CE" xmlns:hl7="urn:hl7-org:v3"><Role xmlns="urn:hl7-org:v3" xsi:type="CE" code="224608005" codeSystem="2.16.840.1.113883.6.96" displayName="Administrative healthcare staff"/></saml2:AttributeValue></saml2:Attribute>`) +
    (o.noPurpose
      ? ''
      : `<saml2:Attribute Name="urn:oasis:names:tc:xspa:1.0:subject:purposeofuse"><saml2:AttributeValue><${purpose} xmlns="urn:hl7-org:v3" xsi:type="CE" code="${o.purposeCode ?? 'TREATMENT'}" codeSystem="2.16.840.1.113883.3.18.7.1" displayName="Treatment"/></saml2:AttributeValue></saml2:Attribute>`) +
    `</saml2:AttributeStatement></saml2:Assertion>`
  );
}

export interface SignOptions {
  /** SignatureMethod (default RSA-SHA256). */
  signatureAlgorithm?: string;
  /** DigestMethod of the reference (default SHA-256). */
  digestAlgorithm?: string;
  /** KeyInfo content instead of the signer's certificate (e.g. an X509IssuerSerial). */
  keyInfo?: string;
}

export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
export const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';

/** Signs the assertion (RSA-SHA256, exclusive C14N, enveloped), KeyInfo carrying the signer's certificate unless `o.keyInfo` is given. */
export function signAssertion(xml: string, keyPem: string, certPem: string, o: SignOptions = {}): string {
  const sig = new SignedXml({
    privateKey: keyPem,
    publicCert: certPem,
    ...(o.keyInfo === undefined ? {} : { getKeyInfoContent: () => o.keyInfo! }),
    signatureAlgorithm: o.signatureAlgorithm ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: "/*[local-name(.)='Assertion']",
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: o.digestAlgorithm ?? 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, { location: { reference: "/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
  return sig.getSignedXml();
}

/** wsse:Security header holding the given assertion(s). */
export function securityHeader(inner: string): string {
  return (
    `<wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">` +
    `<wsu:Timestamp wsu:Id="TS-1"><wsu:Created>${new Date().toISOString()}</wsu:Created><wsu:Expires>${new Date(Date.now() + 300_000).toISOString()}</wsu:Expires></wsu:Timestamp>` +
    inner +
    `</wsse:Security>`
  );
}
