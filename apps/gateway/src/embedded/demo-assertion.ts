import { signedXuaAssertion, type XuaAssertionClaims, type XuaSigner } from '@gw/xua';

/**
 * The XUA assertion the sandbox demo presents: a clinician at an initiating hospital, as that hospital's
 * STS would assert them. Used by `npm run demo` and by POST /admin/xua/demo-assertion alike.
 */
export const DEMO_ASSERTION_LIFETIME_S = 900;

export function demoClaims(audience?: string): XuaAssertionClaims {
  return {
    issuer: 'urn:gw:demo-sts',
    subjectId: 'DEMO, Clinician',
    organization: 'Demo Hospital (sandbox)',
    organizationId: 'urn:oid:1.2.840.114350.1.13.999.3',
    homeCommunityId: 'urn:oid:1.2.840.114350.1.13.999.2',
    role: { code: '158965000', codeSystem: '2.16.840.1.113883.6.96', displayName: 'Medical practitioner' },
    purposeOfUse: { code: 'TREATMENT', codeSystem: '2.16.840.1.113883.3.18.7.1', displayName: 'Treatment' },
    audience: audience || 'urn:gw:demo-gateway',
  };
}

/** One signed assertion for a run of messages (XUA: the assertion is reused, each message is new). */
export function demoAssertion(signer: XuaSigner, audience?: string, now = new Date()): string {
  return signedXuaAssertion(demoClaims(audience), signer, now, DEMO_ASSERTION_LIFETIME_S);
}
