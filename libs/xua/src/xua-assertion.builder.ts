import { randomUUID } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { SAML2, XUA_ATTRIBUTES } from './saml-claims';

/**
 * Writes and signs an XUA SAML 2.0 assertion as an initiating gateway's STS would (the shape Epic
 * sends, ihe-transactions.md §4): the gateway itself only verifies assertions; this is what the
 * sandbox demo and the example requests present to it.
 */
export interface XuaCoded {
  code: string;
  codeSystem: string;
  displayName: string;
}

export interface XuaAssertionClaims {
  issuer: string;
  /** The user, "LAST, First" as Epic sends it. */
  subjectId: string;
  organization: string;
  /** urn:oid:… */
  organizationId: string;
  /** urn:oid:… of the initiating community. */
  homeCommunityId: string;
  role: XuaCoded;
  purposeOfUse: XuaCoded;
  audience?: string;
  /** Patient CX (id^^^&OID&ISO), when the assertion is for one patient. */
  resourceId?: string;
}

export interface XuaSigner {
  keyPem: string;
  certPem: string;
}

/** Longest validity an assertion written here gets: XUA assertions are short-lived. */
export const XUA_ASSERTION_MAX_LIFETIME_S = 3600;

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** xs:dateTime in UTC to the second, as STSs write it. */
function instant(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function attribute(name: string, value: string): string {
  return `<saml2:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml2:AttributeValue>${value}</saml2:AttributeValue></saml2:Attribute>`;
}

function coded(element: 'Role' | 'PurposeOfUse', c: XuaCoded): string {
  return `<${element} xmlns="urn:hl7-org:v3" xsi:type="CE" code="${esc(c.code)}" codeSystem="${esc(c.codeSystem)}" displayName="${esc(c.displayName)}"/>`;
}

/**
 * The signed assertion (RSA-SHA256, SHA-256 digest, exclusive C14N, enveloped; KeyInfo carries the
 * signer's certificate), valid from `now` for `lifetimeS` seconds (at most an hour).
 */
export function signedXuaAssertion(claims: XuaAssertionClaims, signer: XuaSigner, now = new Date(), lifetimeS = 900): string {
  const lifetime = Math.min(Math.max(lifetimeS, 1), XUA_ASSERTION_MAX_LIFETIME_S);
  const issued = instant(now);
  const until = instant(new Date(now.getTime() + lifetime * 1000));
  const id = `_${randomUUID()}`;
  const xml =
    `<saml2:Assertion xmlns:saml2="${SAML2}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${id}" IssueInstant="${issued}" Version="2.0">` +
    `<saml2:Issuer>${esc(claims.issuer)}</saml2:Issuer>` +
    `<saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${esc(claims.subjectId)}</saml2:NameID>` +
    `<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:sender-vouches"/></saml2:Subject>` +
    `<saml2:Conditions NotBefore="${issued}" NotOnOrAfter="${until}">` +
    (claims.audience
      ? `<saml2:AudienceRestriction><saml2:Audience>${esc(claims.audience)}</saml2:Audience></saml2:AudienceRestriction>`
      : '') +
    `</saml2:Conditions>` +
    `<saml2:AuthnStatement AuthnInstant="${issued}"><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:X509</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>` +
    `<saml2:AttributeStatement>` +
    attribute(XUA_ATTRIBUTES.subjectId, esc(claims.subjectId)) +
    attribute(XUA_ATTRIBUTES.organization, esc(claims.organization)) +
    attribute(XUA_ATTRIBUTES.organizationId, esc(claims.organizationId)) +
    attribute(XUA_ATTRIBUTES.homeCommunityId, esc(claims.homeCommunityId)) +
    attribute(XUA_ATTRIBUTES.role, coded('Role', claims.role)) +
    attribute(XUA_ATTRIBUTES.purposeOfUse, coded('PurposeOfUse', claims.purposeOfUse)) +
    (claims.resourceId ? attribute(XUA_ATTRIBUTES.resourceId, esc(claims.resourceId)) : '') +
    `</saml2:AttributeStatement></saml2:Assertion>`;
  const sig = new SignedXml({
    privateKey: signer.keyPem,
    publicCert: signer.certPem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({ xpath: "/*[local-name(.)='Assertion']", transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256 });
  // SAML 2.0 schema order: the Signature follows the Issuer.
  sig.computeSignature(xml, { location: { reference: "/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
  return sig.getSignedXml();
}

/**
 * wsse:Security for one message: a wsu:Timestamp (Created now, Expires after `ttlS` seconds) and the
 * assertion. An assertion is reused across messages; the Timestamp, like the wsa:MessageID, is per message.
 * Written for a SOAP 1.2 envelope whose prefix is `soapPrefix`.
 */
export function wsSecurityHeader(assertionXml: string, now = new Date(), ttlS = 300, soapPrefix = 's'): string {
  return (
    `<wsse:Security ${soapPrefix}:mustUnderstand="1" xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}">` +
    `<wsu:Timestamp wsu:Id="TS-${randomUUID()}"><wsu:Created>${instant(now)}</wsu:Created>` +
    `<wsu:Expires>${instant(new Date(now.getTime() + ttlS * 1000))}</wsu:Expires></wsu:Timestamp>` +
    assertionXml +
    `</wsse:Security>`
  );
}
