import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { RequesterIdentity } from '../requester-identity';
import { XuaConfig, type XuaMode } from './xua.config';
import { XuaRejection } from './xua-rejection';
import { elementChildren, readSamlClaims, SAML2, type DomElement, type SamlClaims } from './saml-claims';
import { checkHolderOfKey, checkSignatureAlgorithms, checkValidityPolicy } from './xua-policy';
import { clientCertificateFrom, type HttpHeaders } from './client-certificate';
import { xuaCall, type XuaCall } from './xua-call';

const CONFIRMATION_METHODS = new Set([
  'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key',
  'urn:oasis:names:tc:SAML:2.0:cm:sender-vouches',
  'urn:oasis:names:tc:SAML:2.0:cm:bearer',
]);

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';

export interface XuaResult {
  identity: RequesterIdentity;
  /** Patient CX from the resource-id attribute, when the verified assertion carries one. */
  resourceId?: string;
}

export interface XuaRequestResult extends XuaResult {
  /** Epoch ms until which the accepted assertion is valid (NotOnOrAfter + skew); absent without an assertion. */
  acceptedUntil?: number;
}

const DEFAULT_RESULT: XuaResult = { identity: { source: 'default' } };

function loadCert(entry: string): string {
  const inline = entry.replace(/\\n/g, '\n').trim();
  if (inline.includes('-----BEGIN')) return inline;
  try {
    return readFileSync(entry, 'utf8');
  } catch (e) {
    throw new Error(`XUA_TRUSTED_CERTS: cannot read certificate file ${entry} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Verifies the XUA SAML 2.0 assertion in wsse:Security (ihe-transactions.md §4, stack.md §11).
 *
 * The signature is checked against the configured trusted certificates: pinned signing
 * certificates, or a certificate sent in KeyInfo only when a configured CA issued it and it is in
 * its validity period (a self-asserted KeyInfo certificate is never trusted). Every claim — attributes, validity window, audience — is read from
 * the XML that the signature actually covers (`getSignedReferences()`), never from the request
 * document, and a reference ID that occurs more than once is refused: that is how signature
 * wrapping attacks are defeated.
 */
@Injectable()
export class XuaVerifier {
  private readonly logger = new Logger(XuaVerifier.name);
  private readonly certs: string[];
  private readonly anchors: X509Certificate[];

  constructor(private readonly cfg: XuaConfig) {
    this.certs = cfg.XUA_TRUSTED_CERTS.flatMap((entry) => splitPem(loadCert(entry)));
    this.anchors = this.certs.flatMap((pem) => {
      try {
        return [new X509Certificate(pem)];
      } catch {
        return []; // a bare public key: usable as a pinned key, not as an issuer
      }
    });
    if (cfg.XUA_MODE !== 'off' && !this.certs.length) {
      this.logger.warn(`XUA_MODE=${cfg.XUA_MODE} but no XUA_TRUSTED_CERTS: every signed assertion will be refused`);
    }
    this.logger.log(
      `XUA mode ${cfg.XUA_MODE}, ${this.certs.length} trusted certificate(s), audience ${cfg.XUA_AUDIENCE.length ? 'checked' : 'not checked'}`,
    );
  }

  get mode(): XuaMode {
    return this.cfg.XUA_MODE;
  }

  /**
   * verify() for one HTTP request: the TLS client certificate passed in XUA_CLIENT_CERT_HEADER is
   * the proof a holder-of-key assertion needs, and the result says until when the assertion holds.
   */
  verifyRequest(envelopeXml: string, headers?: HttpHeaders, now: Date = new Date()): XuaRequestResult {
    const call: XuaCall = { clientCertificate: clientCertificateFrom(headers, this.cfg.XUA_CLIENT_CERT_HEADER) };
    const result = xuaCall.run(call, () => this.verify(envelopeXml, now));
    return { ...result, acceptedUntil: call.acceptedUntil };
  }

  /**
   * Verifies the assertion of a SOAP 1.2 envelope (already decoded and DOCTYPE-free).
   * Returns the requester identity, or the default identity when none is needed; throws XuaRejection.
   */
  verify(envelopeXml: string, now: Date = new Date()): XuaResult {
    if (this.cfg.XUA_MODE === 'off') return DEFAULT_RESULT;
    const doc = this.parse(envelopeXml);
    const envelope = doc.documentElement as unknown as DomElement;
    const header = elementChildren(envelope, SOAP12, 'Header')[0];
    const security = header && elementChildren(header, WSSE, 'Security')[0];
    const assertions = security ? elementChildren(security, SAML2, 'Assertion') : [];
    this.checkTimestamp(security, now);
    if (!assertions.length) {
      if (this.cfg.XUA_MODE === 'required') throw new XuaRejection('missing', 'A signed XUA SAML assertion is required');
      return DEFAULT_RESULT;
    }
    if (assertions.length > 1) throw new XuaRejection('malformed', 'More than one SAML assertion in wsse:Security');
    const assertion = assertions[0];
    const id = assertion.getAttribute('ID');
    const signature = elementChildren(assertion, DSIG, 'Signature')[0];
    if (!signature) throw new XuaRejection('unsigned', 'The SAML assertion is not signed');
    if (!id) throw new XuaRejection('malformed', 'The SAML assertion has no ID');

    const signedXml = this.checkSignature(signature, envelopeXml, now);
    const signedDoc = this.parse(signedXml);
    const signed = signedDoc.documentElement as unknown as DomElement;
    if (signed.localName !== 'Assertion' || signed.namespaceURI !== SAML2 || signed.getAttribute('ID') !== id) {
      throw new XuaRejection('bad-signature', 'The signature does not cover the SAML assertion');
    }
    if (countIds(doc.documentElement as unknown as DomElement, id) !== 1) {
      throw new XuaRejection('bad-signature', 'The signed assertion ID is not unique in the message');
    }
    this.checkConditions(signed, now);
    this.checkStatements(signed);
    const claims = readSamlClaims(signed);
    this.checkClaims(claims);
    return { identity: claims.identity, resourceId: claims.resourceId };
  }

  private parse(xml: string) {
    try {
      return new DOMParser({
        onError: (level, msg) => {
          if (level !== 'warning') throw new Error(msg);
        },
      }).parseFromString(xml, 'text/xml');
    } catch {
      throw new XuaRejection('malformed', 'The security header could not be read');
    }
  }

  /**
   * Returns the canonical XML the signature covers, or throws when no trusted key verifies it.
   * Keys tried: each configured certificate (pinned), then the certificate in KeyInfo, but only
   * when one of the configured certificates issued it and it is within its validity period.
   */
  private checkSignature(signature: DomElement, envelopeXml: string, now: Date): string {
    const keys = [...this.certs];
    const leaf = this.keyInfoCertificate(signature);
    if (leaf && this.issuedByTrustedCa(leaf, now)) keys.push(leaf.toString());
    for (const cert of keys) {
      const sig = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
      try {
        sig.loadSignature(signature as unknown as Parameters<SignedXml['loadSignature']>[0]);
        if (!sig.checkSignature(envelopeXml)) continue;
        const refs = sig.getSignedReferences();
        if (refs.length !== 1) throw new XuaRejection('bad-signature', 'The assertion signature must have exactly one reference');
        return refs[0];
      } catch (e) {
        if (e instanceof XuaRejection) throw e;
        // a failed check with one key: try the next trusted key
      }
    }
    throw new XuaRejection('bad-signature', 'The SAML assertion signature is not valid for any trusted issuer');
  }

  private keyInfoCertificate(signature: DomElement): X509Certificate | undefined {
    const keyInfo = elementChildren(signature, DSIG, 'KeyInfo')[0];
    const data = keyInfo && elementChildren(keyInfo, DSIG, 'X509Data')[0];
    const b64 = data && elementChildren(data, DSIG, 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '');
    if (!b64) return undefined;
    try {
      return new X509Certificate(Buffer.from(b64, 'base64'));
    } catch {
      return undefined;
    }
  }

  private issuedByTrustedCa(leaf: X509Certificate, now: Date): boolean {
    const t = now.getTime();
    if (t < Date.parse(leaf.validFrom) || t > Date.parse(leaf.validTo)) return false;
    return this.anchors.some((ca) => ca.ca && leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
  }

  private checkStatements(assertion: DomElement): void {
    checkHolderOfKey(assertion, this.cfg, xuaCall.getStore()?.clientCertificate);
    if (!this.cfg.XUA_REQUIRE_AUTHN_STATEMENT) return;
    if (!elementChildren(assertion, SAML2, 'AuthnStatement').length)
      throw new XuaRejection('incomplete', 'The SAML assertion has no AuthnStatement');
    const subject = elementChildren(assertion, SAML2, 'Subject')[0];
    const methods = subject ? elementChildren(subject, SAML2, 'SubjectConfirmation').map((c) => c.getAttribute('Method') ?? '') : [];
    if (!methods.some((m) => CONFIRMATION_METHODS.has(m))) {
      throw new XuaRejection('incomplete', 'The SAML assertion has no holder-of-key, sender-vouches or bearer SubjectConfirmation');
    }
  }

  private checkClaims(claims: SamlClaims): void {
    const id = claims.identity;
    const present: Record<string, boolean> = {
      'subject-id': !!id.subjectId,
      organization: !!id.organization,
      'organization-id': !!id.organizationId,
      homeCommunityId: !!id.homeCommunityId,
      role: !!id.role,
      purposeofuse: !!id.purposeOfUse,
      'resource-id': !!claims.resourceId,
    };
    const missing = this.cfg.XUA_REQUIRED_ATTRIBUTES.filter((a) => !present[a]);
    if (missing.length) throw new XuaRejection('incomplete', `The SAML assertion lacks required attribute(s): ${missing.join(', ')}`);
    const allowed = this.cfg.XUA_ALLOWED_PURPOSES_OF_USE;
    if (allowed.length && id.purposeOfUse && !allowed.includes(id.purposeOfUse.code)) {
      throw new XuaRejection('incomplete', `Purpose of use '${id.purposeOfUse.code}' is not permitted here`);
    }
  }

  /** Before the signature is checked: its algorithms must be allowed, and a wsu:Timestamp, when sent, must not have expired (with the skew). */
  private checkTimestamp(security: DomElement | undefined, now: Date): void {
    checkSignatureAlgorithms(security, this.cfg);
    const ts = security && elementChildren(security, WSU, 'Timestamp')[0];
    const expires = ts && elementChildren(ts, WSU, 'Expires')[0]?.textContent?.trim();
    if (!expires) return;
    const t = Date.parse(expires);
    if (Number.isNaN(t)) throw new XuaRejection('malformed', 'Unreadable wsu:Timestamp Expires');
    if (now.getTime() - this.cfg.XUA_CLOCK_SKEW_S * 1000 >= t) throw new XuaRejection('expired', 'The message timestamp has expired');
  }

  private checkConditions(assertion: DomElement, now: Date): void {
    const conditions = elementChildren(assertion, SAML2, 'Conditions')[0];
    if (!conditions) throw new XuaRejection('expired', 'The SAML assertion has no validity window (Conditions)');
    const skewMs = this.cfg.XUA_CLOCK_SKEW_S * 1000;
    const t = now.getTime();
    const notBefore = conditions.getAttribute('NotBefore');
    const notOnOrAfter = conditions.getAttribute('NotOnOrAfter');
    if (notBefore) {
      const nb = Date.parse(notBefore);
      if (Number.isNaN(nb)) throw new XuaRejection('malformed', 'Unreadable NotBefore');
      if (t + skewMs < nb) throw new XuaRejection('expired', 'The SAML assertion is not yet valid');
    }
    if (notOnOrAfter) {
      const na = Date.parse(notOnOrAfter);
      if (Number.isNaN(na)) throw new XuaRejection('malformed', 'Unreadable NotOnOrAfter');
      if (t - skewMs >= na) throw new XuaRejection('expired', 'The SAML assertion has expired');
    }
    if (this.cfg.XUA_AUDIENCE.length) {
      const audiences = elementChildren(conditions, SAML2, 'AudienceRestriction').flatMap((r) =>
        elementChildren(r, SAML2, 'Audience').map((a) => a.textContent?.trim() ?? ''),
      );
      if (!audiences.some((a) => this.cfg.XUA_AUDIENCE.includes(a))) {
        throw new XuaRejection('audience', 'The SAML assertion is not addressed to this gateway (Audience)');
      }
    }
    const acceptedUntil = checkValidityPolicy(assertion, this.cfg, now);
    const call = xuaCall.getStore();
    if (call) call.acceptedUntil = acceptedUntil;
  }
}

/** A PEM bundle split into its certificates (a file may hold a chain or several issuers). */
function splitPem(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g);
  return blocks ?? [pem];
}

function countIds(root: DomElement, id: string): number {
  let n = 0;
  const stack: DomElement[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    const attrs = (el as unknown as { attributes?: { length: number; [i: number]: { localName: string; value: string } } }).attributes;
    if (attrs) {
      for (let i = 0; i < attrs.length; i++) {
        const a = attrs[i];
        if ((a.localName === 'ID' || a.localName === 'Id' || a.localName === 'id') && a.value === id) n++;
      }
    }
    stack.push(...elementChildren(el));
  }
  return n;
}
