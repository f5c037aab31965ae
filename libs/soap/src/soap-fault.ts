import { NS } from './soap.constants';

export type SoapFaultCode = 'Sender' | 'Receiver' | 'VersionMismatch' | 'MustUnderstand' | 'DataEncodingUnknown';

/** A fault subcode QName, written with a fixed prefix for its namespace. */
export interface SoapFaultSubcode {
  ns: string;
  local: string;
}

/** Subcodes used by the gateway (ihe-transactions.md §3.4). */
export const SUBCODES = {
  actionNotSupported: { ns: NS.wsa, local: 'ActionNotSupported' },
  addressingHeaderRequired: { ns: NS.wsa, local: 'MessageAddressingHeaderRequired' },
  invalidAddressingHeader: { ns: NS.wsa, local: 'InvalidAddressingHeader' },
  onlyAnonymousAddressSupported: { ns: NS.wsa, local: 'OnlyAnonymousAddressSupported' },
  endpointUnavailable: { ns: NS.wsa, local: 'EndpointUnavailable' },
  invalidSecurity: { ns: NS.wsse, local: 'InvalidSecurity' },
  invalidSecurityToken: { ns: NS.wsse, local: 'InvalidSecurityToken' },
  failedAuthentication: { ns: NS.wsse, local: 'FailedAuthentication' },
  failedCheck: { ns: NS.wsse, local: 'FailedCheck' },
  messageExpired: { ns: NS.wsse, local: 'MessageExpired' },
  unsupportedAlgorithm: { ns: NS.wsse, local: 'UnsupportedAlgorithm' },
  unsupportedSecurityToken: { ns: NS.wsse, local: 'UnsupportedSecurityToken' },
} satisfies Record<string, SoapFaultSubcode>;

/**
 * A SOAP 1.2 fault. Handlers and the edge throw it for protocol and security refusals only;
 * business outcomes are HL7 AE/NF or RegistryErrors, never faults. The reason text goes to the
 * caller, so it must never contain patient data or internal details.
 */
export class SoapFault extends Error {
  constructor(
    readonly code: SoapFaultCode,
    readonly reason: string,
    readonly subcode?: SoapFaultSubcode,
    /** Optional plain-text detail (no patient data). */
    readonly detail?: string,
  ) {
    super(reason);
    this.name = 'SoapFault';
  }

  /** WS-Addressing fault detail: the Action that was not supported (wsa:ProblemAction). */
  problemAction?: string;
  /** WS-Addressing fault detail: the missing header's QName, e.g. 'a:Action' (wsa:ProblemHeaderQName). */
  problemHeader?: string;

  /** A WS-A fault carrying wsa:ProblemAction or wsa:ProblemHeaderQName (WS-Addressing 1.0 SOAP Binding §6.4). */
  static addressing(reason: string, subcode: SoapFaultSubcode, problem: { action?: string; header?: string }): SoapFault {
    const f = new SoapFault('Sender', reason, subcode);
    f.problemAction = problem.action;
    f.problemHeader = problem.header;
    return f;
  }

  /** SOAP 1.2 HTTP binding: 400 for Sender faults, 500 for the others. */
  get httpStatus(): number {
    return this.code === 'Sender' ? 400 : 500;
  }

  static sender(reason: string, subcode?: SoapFaultSubcode, detail?: string): SoapFault {
    return new SoapFault('Sender', reason, subcode, detail);
  }

  static receiver(reason: string, detail?: string): SoapFault {
    return new SoapFault('Receiver', reason, undefined, detail);
  }
}
