import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { DIGEST_ALGORITHMS, SIGNATURE_ALGORITHMS, type XuaConfig } from './xua.config';
import { XuaRejection } from './xua-rejection';
import { elementChildren, SAML2, type DomElement } from './saml-claims';

/**
 * The strict relying-party rules on an XUA assertion, beyond the signature and the validity window:
 * algorithms, SAML version, IssueInstant, a bounded lifetime and holder-of-key proof. Each rule is a
 * setting of XuaConfig; each refusal is an XuaRejection whose message is safe to send to the caller.
 */

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const HOLDER_OF_KEY = 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key';

/**
 * Every SignatureMethod and DigestMethod in the assertion signatures of this wsse:Security header
 * must use an allowed algorithm. Matched by local name anywhere inside each ds:Signature, because
 * xml-crypto picks SignatureMethod that way: whichever one it uses, it has been checked.
 */
export function checkSignatureAlgorithms(security: DomElement | undefined, cfg: XuaConfig): void {
  if (!security) return;
  const signatureOk = new Set<string>(
    cfg.XUA_ALLOWED_SIGNATURE_ALGORITHMS.map((n) => SIGNATURE_ALGORITHMS[n as keyof typeof SIGNATURE_ALGORITHMS]),
  );
  const digestOk = new Set<string>(cfg.XUA_ALLOWED_DIGEST_ALGORITHMS.map((n) => DIGEST_ALGORITHMS[n as keyof typeof DIGEST_ALGORITHMS]));
  for (const assertion of elementChildren(security, SAML2, 'Assertion')) {
    for (const signature of elementChildren(assertion, DSIG, 'Signature')) {
      const stack = [signature];
      while (stack.length) {
        const el = stack.pop()!;
        const algorithm = el.getAttribute('Algorithm') ?? '';
        if (el.localName === 'SignatureMethod' && !signatureOk.has(algorithm)) {
          throw new XuaRejection('weak-algorithm', `Signature algorithm not accepted: ${shortName(algorithm)}; use RSA-SHA256 or stronger`);
        }
        if (el.localName === 'DigestMethod' && !digestOk.has(algorithm)) {
          throw new XuaRejection('weak-algorithm', `Digest algorithm not accepted: ${shortName(algorithm)}; use SHA-256 or stronger`);
        }
        stack.push(...elementChildren(el));
      }
    }
  }
}

/** The fragment of an algorithm URI (e.g. rsa-sha1), so a fault never echoes a long caller string. */
function shortName(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('#') + 1);
  return /^[\w.-]{1,40}$/.test(name) ? name : '(unknown)';
}

function instant(el: DomElement, name: string): number | undefined {
  const value = el.getAttribute(name);
  if (!value) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new XuaRejection('malformed', `Unreadable ${name}`);
  return t;
}

/**
 * SAML 2.0 only; IssueInstant present and not in the future beyond the skew; NotOnOrAfter present
 * and the validity no longer than the maximum. Runs on the signed assertion after the validity
 * window itself was checked. Returns the epoch ms until which the assertion is accepted
 * (NotOnOrAfter + skew), or undefined when it has no NotOnOrAfter and that is allowed.
 */
export function checkValidityPolicy(assertion: DomElement, cfg: XuaConfig, now: Date): number | undefined {
  if (cfg.XUA_REQUIRE_SAML_2_0 && assertion.getAttribute('Version') !== '2.0') {
    throw new XuaRejection('unsupported-token', 'Only SAML 2.0 assertions (Version="2.0") are accepted');
  }
  const skewMs = cfg.XUA_CLOCK_SKEW_S * 1000;
  const issued = instant(assertion, 'IssueInstant');
  if (issued === undefined) throw new XuaRejection('malformed', 'The SAML assertion has no IssueInstant');
  if (issued > now.getTime() + skewMs) throw new XuaRejection('expired', 'The SAML assertion was issued in the future (IssueInstant)');

  const conditions = elementChildren(assertion, SAML2, 'Conditions')[0];
  const notBefore = conditions && instant(conditions, 'NotBefore');
  const notOnOrAfter = conditions && instant(conditions, 'NotOnOrAfter');
  if (notOnOrAfter === undefined) {
    if (cfg.XUA_REQUIRE_NOT_ON_OR_AFTER) throw new XuaRejection('invalid-token', 'The SAML assertion has no NotOnOrAfter: it must expire');
    return undefined;
  }
  const maxS = cfg.XUA_MAX_ASSERTION_LIFETIME_S;
  if (maxS > 0 && notOnOrAfter - (notBefore ?? issued) > maxS * 1000) {
    throw new XuaRejection('invalid-token', `The SAML assertion is valid for longer than the ${maxS} s accepted here`);
  }
  return notOnOrAfter + skewMs;
}

/**
 * A holder-of-key SubjectConfirmation binds the assertion to a key; the caller must prove it holds
 * that key. The proof accepted is the TLS client certificate: the key in SubjectConfirmationData's
 * KeyInfo (an X509Certificate or RSAKeyValue) must be that certificate's public key. With no client
 * certificate there is no proof, and the assertion is refused. Other confirmation methods pass.
 */
export function checkHolderOfKey(assertion: DomElement, cfg: XuaConfig, clientCertificate: X509Certificate | undefined): void {
  if (!cfg.XUA_REQUIRE_HOLDER_OF_KEY_PROOF) return;
  const subject = elementChildren(assertion, SAML2, 'Subject')[0];
  const confirmations = subject ? elementChildren(subject, SAML2, 'SubjectConfirmation') : [];
  for (const confirmation of confirmations) {
    if (confirmation.getAttribute('Method') !== HOLDER_OF_KEY) continue;
    const keys = elementChildren(confirmation, SAML2, 'SubjectConfirmationData').flatMap((data) =>
      elementChildren(data, DSIG, 'KeyInfo').flatMap(keyInfoKeys),
    );
    if (!keys.length) throw new XuaRejection('no-proof', 'The holder-of-key confirmation names no key (SubjectConfirmationData KeyInfo)');
    if (!clientCertificate) {
      throw new XuaRejection('no-proof', 'Holder-of-key needs proof of possession: no TLS client certificate was presented');
    }
    if (!keys.some((k) => k.equals(clientCertificate.publicKey))) {
      throw new XuaRejection('no-proof', 'The holder-of-key confirmation key is not the key of the TLS client certificate');
    }
  }
}

/** Public keys in a ds:KeyInfo: X509Data/X509Certificate and KeyValue/RSAKeyValue; unreadable ones are skipped. */
function keyInfoKeys(keyInfo: DomElement): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const data of elementChildren(keyInfo, DSIG, 'X509Data')) {
    for (const cert of elementChildren(data, DSIG, 'X509Certificate')) {
      const b64 = cert.textContent?.replace(/\s+/g, '') ?? '';
      try {
        keys.push(new X509Certificate(Buffer.from(b64, 'base64')).publicKey);
      } catch {
        // not a certificate: no key from it
      }
    }
  }
  for (const value of elementChildren(keyInfo, DSIG, 'KeyValue')) {
    for (const rsa of elementChildren(value, DSIG, 'RSAKeyValue')) {
      const n = elementChildren(rsa, DSIG, 'Modulus')[0]?.textContent?.replace(/\s+/g, '');
      const e = elementChildren(rsa, DSIG, 'Exponent')[0]?.textContent?.replace(/\s+/g, '');
      if (!n || !e) continue;
      try {
        keys.push(createPublicKey({ key: { kty: 'RSA', n: toBase64Url(n), e: toBase64Url(e) }, format: 'jwk' }));
      } catch {
        // not an RSA key: no key from it
      }
    }
  }
  return keys;
}

function toBase64Url(b64: string): string {
  return Buffer.from(b64, 'base64').toString('base64url');
}
