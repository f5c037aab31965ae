import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { EnvBoolean, EnvConfig, EnvList } from '@gw/config';

export const XUA_MODES = ['off', 'validate-if-present', 'required'] as const;
export type XuaMode = (typeof XUA_MODES)[number];

/** XML-DSig SignatureMethod algorithms by short name (xmldsig-core, RFC 9231). */
export const SIGNATURE_ALGORITHMS = {
  'rsa-sha1': 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  'rsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'rsa-sha384': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  'rsa-sha512': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'ecdsa-sha1': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1',
  'ecdsa-sha256': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  'ecdsa-sha384': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
  'ecdsa-sha512': 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512',
} as const;

/** XML-DSig DigestMethod algorithms by short name. */
export const DIGEST_ALGORITHMS = {
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha384: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
} as const;

/** XUA (SAML 2.0 in WS-Security) settings. Property names are the environment variable names. */
@EnvConfig()
export class XuaConfig {
  /**
   * off: assertions are ignored; validate-if-present: an assertion that is sent must verify;
   * required: every request must carry a verified assertion. Default `required`: the gateway
   * discloses GP records, so it fails closed until a deployment decides otherwise.
   */
  @IsIn(XUA_MODES)
  XUA_MODE: XuaMode = 'required';

  /** Trusted signing certificates: PEM file paths or inline PEM, comma-separated. */
  @EnvList()
  @IsString({ each: true })
  XUA_TRUSTED_CERTS: string[] = [];

  /** Accepted saml2:Audience values (comma-separated); empty = audience not checked. */
  @EnvList()
  @IsString({ each: true })
  XUA_AUDIENCE: string[] = [];

  /**
   * XUA attributes every assertion must carry, by short name (subject-id, organization,
   * organization-id, homeCommunityId, role, purposeofuse, resource-id). Default: who is asking, for which
   * organisation and community, in which role and why, as XUA and the NHIN/eHealth Exchange profiles require.
   */
  @EnvList()
  @IsIn(['subject-id', 'organization', 'organization-id', 'homeCommunityId', 'role', 'purposeofuse', 'resource-id'], { each: true })
  XUA_REQUIRED_ATTRIBUTES: string[] = ['subject-id', 'organization', 'organization-id', 'homeCommunityId', 'role', 'purposeofuse'];

  /**
   * Purpose-of-use codes accepted (NHIN TREATMENT and HL7 TREAT by default: the gateway discloses GP
   * records for care). Empty = any purpose.
   */
  @EnvList()
  @IsString({ each: true })
  XUA_ALLOWED_PURPOSES_OF_USE: string[] = ['TREATMENT', 'TREAT'];

  /** Require an AuthnStatement and a SubjectConfirmation (holder-of-key, sender-vouches or bearer), as XUA does. */
  @EnvBoolean()
  @IsBoolean()
  XUA_REQUIRE_AUTHN_STATEMENT: boolean = true;

  /** Clock skew tolerated on NotBefore/NotOnOrAfter/IssueInstant and the wsu:Timestamp, in seconds. */
  @IsInt()
  @Min(0)
  @Max(3600)
  XUA_CLOCK_SKEW_S: number = 60;

  /**
   * SignatureMethod algorithms accepted on the assertion, by short name (rsa-sha1, rsa-sha256,
   * rsa-sha384, rsa-sha512, ecdsa-sha1, ecdsa-sha256, ecdsa-sha384, ecdsa-sha512). Default: SHA-256
   * or stronger only; SHA-1 signatures can be forged by collision and are refused.
   */
  @EnvList()
  @IsIn(Object.keys(SIGNATURE_ALGORITHMS), { each: true })
  XUA_ALLOWED_SIGNATURE_ALGORITHMS: string[] = ['rsa-sha256', 'rsa-sha384', 'rsa-sha512', 'ecdsa-sha256', 'ecdsa-sha384', 'ecdsa-sha512'];

  /**
   * DigestMethod algorithms accepted on the assertion's Reference, by short name (sha1, sha256,
   * sha384, sha512). Default: SHA-256 or stronger.
   */
  @EnvList()
  @IsIn(Object.keys(DIGEST_ALGORITHMS), { each: true })
  XUA_ALLOWED_DIGEST_ALGORITHMS: string[] = ['sha256', 'sha384', 'sha512'];

  /** Refuse an assertion whose Conditions have no NotOnOrAfter (one that would never expire). */
  @EnvBoolean()
  @IsBoolean()
  XUA_REQUIRE_NOT_ON_OR_AFTER: boolean = true;

  /**
   * Longest accepted assertion validity, in seconds: NotOnOrAfter minus NotBefore (or minus IssueInstant
   * when NotBefore is absent). 0 = no limit. Default one hour: a stolen assertion is useful for at most that.
   */
  @IsInt()
  @Min(0)
  XUA_MAX_ASSERTION_LIFETIME_S: number = 3600;

  /** Accept only SAML 2.0 assertions (Version="2.0"), as XUA specifies. */
  @EnvBoolean()
  @IsBoolean()
  XUA_REQUIRE_SAML_2_0: boolean = true;

  /**
   * Accept a holder-of-key SubjectConfirmation only with proof of possession: the certificate in its
   * SubjectConfirmationData KeyInfo must be the TLS client certificate of the connection (from
   * XUA_CLIENT_CERT_HEADER). Without that header every holder-of-key assertion is refused.
   */
  @EnvBoolean()
  @IsBoolean()
  XUA_REQUIRE_HOLDER_OF_KEY_PROOF: boolean = true;

  /**
   * HTTP header in which the TLS-terminating proxy passes the verified client certificate (PEM,
   * URL-encoded PEM as nginx $ssl_client_escaped_cert and AWS ALB send it, or base64 DER), e.g.
   * x-client-cert. Only set it when the proxy always overwrites the header: its value is trusted.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]+$/)
  XUA_CLIENT_CERT_HEADER?: string = undefined;

  /**
   * Refuse a wsa:MessageID already seen while the assertion that came with it is valid (a replay).
   * Remembered in the shared cache (Redis when REDIS_URL is set, so across instances); while Redis
   * does not answer, signed requests get a retryable Receiver fault.
   */
  @EnvBoolean()
  @IsBoolean()
  XUA_REFUSE_REPEATED_MESSAGE_ID: boolean = true;

  /**
   * Partner profiles (a JSON file): each partner's match rule (mTLS client certificate fingerprint
   * and/or SAML Issuer), trusted signing certificates, homeCommunityIds, ReplyTo addresses, purposes
   * of use, clock skew and quirks. When set, every signed request is matched to a partner before its
   * assertion is checked, with that partner's trust only; an unknown caller is refused. Read at boot
   * (an invalid file stops it) and again on SIGHUP. Unset: the XUA_* settings apply to every caller.
   */
  @IsOptional()
  @IsString()
  XUA_PARTNERS_FILE?: string = undefined;

  /**
   * How many verified assertions are remembered by a digest of their exact bytes (least recently
   * used first out), so a session's later messages skip the XML signature check; 0 turns it off.
   * Time conditions, the Timestamp, the MessageID and the ID's uniqueness in the message are still
   * checked on every message.
   */
  @IsInt()
  @Min(0)
  @Max(100_000)
  XUA_VERIFIED_ASSERTION_CACHE_SIZE: number = 256;
}
