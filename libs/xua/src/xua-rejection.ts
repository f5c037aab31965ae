/**
 * Why an XUA assertion was refused. The SOAP edge maps each reason to a WS-Security fault
 * subcode (ihe-transactions.md §3.4); the message is safe to send to the caller.
 */
export type XuaRejectionReason =
  | 'missing' // required and absent → wsse:InvalidSecurity
  | 'malformed' // unreadable assertion → wsse:InvalidSecurityToken
  | 'unsigned' // no signature over the assertion → wsse:InvalidSecurity
  | 'bad-signature' // signature does not verify or key not trusted → wsse:FailedAuthentication
  | 'expired' // outside NotBefore/NotOnOrAfter, or issued in the future → wsse:MessageExpired
  | 'weak-algorithm' // signature or digest algorithm not allowed (SHA-1) → wsse:UnsupportedAlgorithm
  | 'unsupported-token' // not a SAML 2.0 assertion (Version) → wsse:UnsupportedSecurityToken
  | 'invalid-token' // no NotOnOrAfter, or valid for longer than allowed → wsse:InvalidSecurityToken
  | 'no-proof' // holder-of-key without proof of possession of its key → wsse:FailedAuthentication
  | 'audience' // not for us → wsse:FailedCheck
  | 'unknown-partner' // partner profiles are on and the caller matches none → wsse:FailedAuthentication
  | 'incomplete'; // required statement/attribute missing, or purpose not permitted → wsse:FailedCheck

export class XuaRejection extends Error {
  constructor(
    readonly reason: XuaRejectionReason,
    message: string,
  ) {
    super(message);
    this.name = 'XuaRejection';
  }
}
