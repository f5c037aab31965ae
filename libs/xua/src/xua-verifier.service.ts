import type { X509Certificate } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import type { RequesterIdentity } from '@gw/identity';
import { counter } from '@gw/observability';
import { XuaConfig, type XuaMode } from './xua.config';
import { XuaRejection } from './xua-rejection';
import { elementChildren, readSamlClaims, SAML2, type DomElement, type SamlClaims } from './saml-claims';
import { XuaTrustStore } from './signing-key';
import { checkHolderOfKey, checkSignatureAlgorithms, checkValidityPolicy } from './xua-policy';
import { clientCertificateFrom, type HttpHeaders } from './client-certificate';
import { loadCertificateEntry, splitPem } from './trusted-certificates';
import { PartnerDirectory } from './partners/partner-directory';
import type { Partner } from './partners/partner';
import { VerifiedAssertionCache } from './verified-assertion.cache';

const CONFIRMATION_METHODS = new Set([
  'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key',
  'urn:oasis:names:tc:SAML:2.0:cm:sender-vouches',
  'urn:oasis:names:tc:SAML:2.0:cm:bearer',
]);

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

const partnerRequests = counter(
  'gw_xua_partner_requests_total',
  'Signed requests by the partner profile they matched (unknown: none) and whether their assertion was accepted',
  ['partner', 'result'],
);

/**
 * What the SOAP edge hands over from its single parse of the envelope: the assertions of
 * wsse:Security as text (never the whole envelope), so only the assertion is ever parsed again.
 */
export interface XuaSecurityHeader {
  /**
   * Each saml2:Assertion child of wsse:Security, as its exact characters in the request with the
   * namespace declarations in scope added to its start tag (exclusive C14N renders it identically).
   */
  assertions: readonly string[];
  /** wsu:Timestamp/wsu:Expires, when sent. */
  timestampExpires?: string;
  /** How many elements of the whole message carry `id` in an ID attribute (ID, Id or id, any namespace). */
  idOccurrences(id: string): number;
}

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
  private readonly trust: XuaTrustStore;
  private readonly verified: VerifiedAssertionCache;

  constructor(
    private readonly cfg: XuaConfig,
    @Optional() private readonly partners?: PartnerDirectory,
  ) {
    this.verified = new VerifiedAssertionCache(cfg.XUA_VERIFIED_ASSERTION_CACHE_SIZE);
    this.trust = new XuaTrustStore(cfg.XUA_TRUSTED_CERTS.flatMap((entry) => splitPem(loadCertificateEntry(entry, 'XUA_TRUSTED_CERTS'))));
    if (cfg.XUA_MODE !== 'off' && !this.trust.size) {
      this.logger.warn(`XUA_MODE=${cfg.XUA_MODE} but no XUA_TRUSTED_CERTS: every signed assertion will be refused`);
    }
    this.logger.log(
      `XUA mode ${cfg.XUA_MODE}, ${this.trust.size} trusted key(s), audience ${cfg.XUA_AUDIENCE.length ? 'checked' : 'not checked'}`,
    );
  }

  get mode(): XuaMode {
    return this.cfg.XUA_MODE;
  }

  /**
   * verify() for one HTTP request: the TLS client certificate passed in XUA_CLIENT_CERT_HEADER is
   * the proof a holder-of-key assertion needs, and the result says until when the assertion holds.
   */
  verifyRequest(header: XuaSecurityHeader, headers?: HttpHeaders, now: Date = new Date()): XuaRequestResult {
    return this.verify(header, now, clientCertificateFrom(headers, this.cfg.XUA_CLIENT_CERT_HEADER));
  }

  /**
   * Verifies the XUA assertion of a request's wsse:Security header, as read by the SOAP edge.
   * Returns the requester identity (with until when the assertion holds), or the default identity when
   * none is needed; throws XuaRejection. `clientCertificate` is the holder-of-key proof, when passed.
   */
  verify(header: XuaSecurityHeader, now: Date = new Date(), clientCertificate?: X509Certificate): XuaRequestResult {
    if (this.cfg.XUA_MODE === 'off') return DEFAULT_RESULT;
    if (!header.assertions.length) {
      this.checkTimestamp(header.timestampExpires, now, this.cfg);
      if (this.cfg.XUA_MODE === 'required') throw new XuaRejection('missing', 'A signed XUA SAML assertion is required');
      return DEFAULT_RESULT;
    }
    if (header.assertions.length > 1) throw new XuaRejection('malformed', 'More than one SAML assertion in wsse:Security');
    const assertionXml = header.assertions[0];
    // The partner profiles in force are part of the key: after a reload every assertion is verified again.
    const cacheKey = VerifiedAssertionCache.key(assertionXml, clientCertificate, this.partners?.generation);
    const hit = this.verified.get(cacheKey);
    if (hit) {
      // The bytes were verified before; what depends on this message and on the clock is checked again,
      // with the policy of the partner they were verified for.
      const partnerId = hit.result.identity.partner;
      const policy = (partnerId && this.partners?.byId(partnerId)?.policy) || this.cfg;
      this.checkTimestamp(header.timestampExpires, now, policy);
      if (header.idOccurrences(hit.id) !== 1)
        throw new XuaRejection('bad-signature', 'The signed assertion ID is not unique in the message');
      const t = now.getTime();
      if ((hit.keyValidFrom === undefined || t >= hit.keyValidFrom) && (hit.keyValidTo === undefined || t <= hit.keyValidTo)) {
        const acceptedUntil = this.checkConditions(hit.signed, now, policy);
        if (partnerId) partnerRequests.inc({ partner: partnerId, result: 'accepted' });
        return { ...hit.result, acceptedUntil };
      }
      // The signing certificate is outside its validity period: the full check below refuses it.
      this.verified.delete(cacheKey);
    }
    const assertionDoc = this.parse(assertionXml);
    // Before the signature is checked: its algorithms must be allowed (the document node holds the assertion).
    checkSignatureAlgorithms(assertionDoc as unknown as DomElement, this.cfg);
    const assertion = assertionDoc.documentElement as unknown as DomElement;
    const id = assertion.getAttribute('ID');
    const signature = elementChildren(assertion, DSIG, 'Signature')[0];
    if (!signature) throw new XuaRejection('unsigned', 'The SAML assertion is not signed');
    if (!id) throw new XuaRejection('malformed', 'The SAML assertion has no ID');
    // Checked before any cryptography: a wrapped copy of the signed assertion is refused at once.
    if (header.idOccurrences(id) !== 1) {
      throw new XuaRejection('bad-signature', 'The signed assertion ID is not unique in the message');
    }

    const matched = this.partnerOf(assertion, clientCertificate);
    const partner = matched?.partner;
    try {
      const policy = partner?.policy ?? this.cfg;
      this.checkTimestamp(header.timestampExpires, now, policy);
      const { signedXml, keyValidFrom, keyValidTo } = this.checkSignature(signature, assertionXml, now, partner?.trust ?? this.trust);
      const signedDoc = this.parse(signedXml);
      const signed = signedDoc.documentElement as unknown as DomElement;
      if (signed.localName !== 'Assertion' || signed.namespaceURI !== SAML2 || signed.getAttribute('ID') !== id) {
        throw new XuaRejection('bad-signature', 'The signature does not cover the SAML assertion');
      }
      const acceptedUntil = this.checkConditions(signed, now, policy);
      this.checkStatements(signed, clientCertificate, policy);
      const claims = readSamlClaims(signed);
      this.checkClaims(claims, policy);
      if (matched) this.checkPartnerClaims(claims, matched.partner, matched.by === 'issuer' ? matched.issuer : undefined);
      if (partner) partnerRequests.inc({ partner: partner.id, result: 'accepted' });
      const identity = partner ? { ...claims.identity, partner: partner.id } : claims.identity;
      const result: XuaResult = { identity, resourceId: claims.resourceId };
      this.verified.set(cacheKey, { id, signed, result, keyValidFrom, keyValidTo });
      return { ...result, acceptedUntil };
    } catch (e) {
      if (partner) partnerRequests.inc({ partner: partner.id, result: 'refused' });
      throw e;
    }
  }

  /**
   * With partner profiles on, the partner a signed request comes from (by mTLS certificate, else by the
   * assertion's Issuer as sent); refused when it matches none. Undefined when partner profiles are off.
   */
  private partnerOf(
    assertion: DomElement,
    clientCertificate: X509Certificate | undefined,
  ): { partner: Partner; by: 'certificate' | 'issuer'; issuer?: string } | undefined {
    if (!this.partners?.enabled) return undefined;
    const issuer = elementChildren(assertion, SAML2, 'Issuer')[0]?.textContent?.trim() || undefined;
    const found = this.partners.match(clientCertificate, issuer);
    if (!found) {
      partnerRequests.inc({ partner: 'unknown', result: 'refused' });
      throw new XuaRejection('unknown-partner', 'The caller is not a known partner of this gateway');
    }
    return { ...found, issuer };
  }

  /** What the partner profile adds to the claims checks: the signed Issuer it was matched on, its communities, its quirks. */
  private checkPartnerClaims(claims: SamlClaims, partner: Partner, matchedIssuer: string | undefined): void {
    if (matchedIssuer !== undefined && claims.issuer !== matchedIssuer) {
      throw new XuaRejection('bad-signature', 'The signed assertion Issuer is not the one the partner was matched on');
    }
    const hcid = claims.identity.homeCommunityId;
    if (partner.homeCommunityIds && (!hcid || !partner.homeCommunityIds.has(hcid))) {
      throw new XuaRejection('incomplete', 'The assertion homeCommunityId is not one of this partner');
    }
    if (!partner.acceptPurposeForUse && claims.purposeOfUseElement === 'PurposeForUse') {
      throw new XuaRejection('incomplete', 'This partner must send the purpose of use as PurposeOfUse');
    }
  }

  private parse(xml: string) {
    try {
      return new DOMParser({
        onError: (level, msg) => {
          if (level !== 'warning') throw new Error(msg);
        },
      }).parseFromString(xml, 'text/xml');
    } catch {
      throw new XuaRejection('malformed', 'The SAML assertion could not be read');
    }
  }

  /**
   * Returns the canonical XML the signature covers, or throws when it does not verify. One key is
   * tried: the one the signature's KeyInfo names among the trusted ones (see XuaTrustStore).
   */
  private checkSignature(
    signature: DomElement,
    assertionXml: string,
    now: Date,
    trust: XuaTrustStore,
  ): { signedXml: string; keyValidFrom?: number; keyValidTo?: number } {
    const { key, validFrom, validTo } = trust.keyWithValidity(signature, now);
    const sig = new SignedXml({ publicCert: key, getCertFromKeyInfo: () => null });
    let valid: boolean;
    try {
      sig.loadSignature(signature as unknown as Parameters<SignedXml['loadSignature']>[0]);
      valid = sig.checkSignature(assertionXml);
    } catch {
      valid = false;
    }
    if (!valid) throw new XuaRejection('bad-signature', 'The SAML assertion signature is not valid');
    const refs = sig.getSignedReferences();
    if (refs.length !== 1) throw new XuaRejection('bad-signature', 'The assertion signature must have exactly one reference');
    return { signedXml: refs[0], keyValidFrom: validFrom, keyValidTo: validTo };
  }

  private checkStatements(assertion: DomElement, clientCertificate: X509Certificate | undefined, policy: XuaConfig): void {
    checkHolderOfKey(assertion, policy, clientCertificate);
    if (!policy.XUA_REQUIRE_AUTHN_STATEMENT) return;
    if (!elementChildren(assertion, SAML2, 'AuthnStatement').length)
      throw new XuaRejection('incomplete', 'The SAML assertion has no AuthnStatement');
    const subject = elementChildren(assertion, SAML2, 'Subject')[0];
    const methods = subject ? elementChildren(subject, SAML2, 'SubjectConfirmation').map((c) => c.getAttribute('Method') ?? '') : [];
    if (!methods.some((m) => CONFIRMATION_METHODS.has(m))) {
      throw new XuaRejection('incomplete', 'The SAML assertion has no holder-of-key, sender-vouches or bearer SubjectConfirmation');
    }
  }

  private checkClaims(claims: SamlClaims, policy: XuaConfig): void {
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
    const missing = policy.XUA_REQUIRED_ATTRIBUTES.filter((a) => !present[a]);
    if (missing.length) throw new XuaRejection('incomplete', `The SAML assertion lacks required attribute(s): ${missing.join(', ')}`);
    const allowed = policy.XUA_ALLOWED_PURPOSES_OF_USE;
    if (allowed.length && id.purposeOfUse && !allowed.includes(id.purposeOfUse.code)) {
      throw new XuaRejection('incomplete', `Purpose of use '${id.purposeOfUse.code}' is not permitted here`);
    }
  }

  /** wsu:Timestamp, when sent, must not have expired (with the configured skew). */
  private checkTimestamp(expires: string | undefined, now: Date, policy: XuaConfig): void {
    if (!expires) return;
    const t = Date.parse(expires);
    if (Number.isNaN(t)) throw new XuaRejection('malformed', 'Unreadable wsu:Timestamp Expires');
    if (now.getTime() - policy.XUA_CLOCK_SKEW_S * 1000 >= t) throw new XuaRejection('expired', 'The message timestamp has expired');
  }

  /** Checks the validity window and audience; returns the epoch ms until which the assertion holds (NotOnOrAfter + skew). */
  private checkConditions(assertion: DomElement, now: Date, policy: XuaConfig): number | undefined {
    const conditions = elementChildren(assertion, SAML2, 'Conditions')[0];
    if (!conditions) throw new XuaRejection('expired', 'The SAML assertion has no validity window (Conditions)');
    const skewMs = policy.XUA_CLOCK_SKEW_S * 1000;
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
    return checkValidityPolicy(assertion, policy, now);
  }
}
