/**
 * Why an XUA assertion was refused. The SOAP edge maps each reason to a WS-Security fault
 * subcode (ihe-transactions.md §3.4); the message is safe to send to the caller.
 */
export type XuaRejectionReason =
  | 'missing' // required and absent → wsse:InvalidSecurity
  | 'malformed' // unreadable assertion → wsse:InvalidSecurityToken
  | 'unsigned' // no signature over the assertion → wsse:InvalidSecurity
  | 'bad-signature' // signature does not verify or key not trusted → wsse:FailedAuthentication
  | 'expired' // outside NotBefore/NotOnOrAfter → wsse:MessageExpired
  | 'audience' // not for us → wsse:FailedCheck
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
