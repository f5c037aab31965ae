import type { XuaConfig } from '../xua.config';
import type { XuaTrustStore } from '../signing-key';

/** A partner as the verifier uses it: whom it matches, whom it trusts, and its XUA policy. */
export interface Partner {
  id: string;
  name: string;
  /** SHA-256 fingerprints of its mTLS client certificates (lower-case hex, no colons). */
  clientCertificates: ReadonlySet<string>;
  samlIssuers: ReadonlySet<string>;
  trust: XuaTrustStore;
  /** Its homeCommunityIds; undefined: not checked. */
  homeCommunityIds?: ReadonlySet<string>;
  replyTo: readonly string[];
  /** The XUA settings with this partner's clock skew, purposes of use and required attributes in place. */
  policy: XuaConfig;
  acceptPurposeForUse: boolean;
  /** What the admin API shows of its certificates: subject and fingerprint, never the PEM. */
  certificates: ReadonlyArray<{ subject: string; sha256: string }>;
}

/** What the admin API lists of a partner: no certificates' content, no secrets. */
export interface PartnerSummary {
  id: string;
  name: string;
  matchedBy: { clientCertificateSha256: string[]; samlIssuers: string[] };
  trustedCertificates: ReadonlyArray<{ subject: string; sha256: string }>;
  homeCommunityIds?: string[];
  replyTo: string[];
  purposesOfUse: string[];
  clockSkewSeconds: number;
  requiredAttributes: string[];
  quirks: { epicPurposeForUse: boolean };
}

export function summaryOf(p: Partner): PartnerSummary {
  return {
    id: p.id,
    name: p.name,
    matchedBy: { clientCertificateSha256: [...p.clientCertificates], samlIssuers: [...p.samlIssuers] },
    trustedCertificates: p.certificates,
    homeCommunityIds: p.homeCommunityIds ? [...p.homeCommunityIds] : undefined,
    replyTo: [...p.replyTo],
    purposesOfUse: p.policy.XUA_ALLOWED_PURPOSES_OF_USE,
    clockSkewSeconds: p.policy.XUA_CLOCK_SKEW_S,
    requiredAttributes: p.policy.XUA_REQUIRED_ATTRIBUTES,
    quirks: { epicPurposeForUse: p.acceptPurposeForUse },
  };
}

/** A fingerprint as the directory keys it: lower-case hex, no colons. */
export function normaliseFingerprint(fp: string): string {
  return fp.replace(/:/g, '').toLowerCase();
}
