"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SoapFault = exports.SUBCODES = void 0;
const soap_constants_1 = require("./soap.constants");
/** Subcodes used by the gateway (ihe-transactions.md §3.4). */
exports.SUBCODES = {
    actionNotSupported: { ns: soap_constants_1.NS.wsa, local: 'ActionNotSupported' },
    addressingHeaderRequired: { ns: soap_constants_1.NS.wsa, local: 'MessageAddressingHeaderRequired' },
    invalidAddressingHeader: { ns: soap_constants_1.NS.wsa, local: 'InvalidAddressingHeader' },
    onlyAnonymousAddressSupported: { ns: soap_constants_1.NS.wsa, local: 'OnlyAnonymousAddressSupported' },
    endpointUnavailable: { ns: soap_constants_1.NS.wsa, local: 'EndpointUnavailable' },
    invalidSecurity: { ns: soap_constants_1.NS.wsse, local: 'InvalidSecurity' },
    invalidSecurityToken: { ns: soap_constants_1.NS.wsse, local: 'InvalidSecurityToken' },
    failedAuthentication: { ns: soap_constants_1.NS.wsse, local: 'FailedAuthentication' },
    failedCheck: { ns: soap_constants_1.NS.wsse, local: 'FailedCheck' },
    messageExpired: { ns: soap_constants_1.NS.wsse, local: 'MessageExpired' },
};
/**
 * A SOAP 1.2 fault. Handlers and the edge throw it for protocol and security refusals only;
 * business outcomes are HL7 AE/NF or RegistryErrors, never faults. The reason text goes to the
 * caller, so it must never contain patient data or internal details.
 */
class SoapFault extends Error {
    code;
    reason;
    subcode;
    detail;
    constructor(code, reason, subcode, 
    /** Optional plain-text detail (no patient data). */
    detail) {
        super(reason);
        this.code = code;
        this.reason = reason;
        this.subcode = subcode;
        this.detail = detail;
        this.name = 'SoapFault';
    }
    /** SOAP 1.2 HTTP binding: 400 for Sender faults, 500 for the others. */
    get httpStatus() {
        return this.code === 'Sender' ? 400 : 500;
    }
    static sender(reason, subcode, detail) {
        return new SoapFault('Sender', reason, subcode, detail);
    }
    static receiver(reason, detail) {
        return new SoapFault('Receiver', reason, undefined, detail);
    }
}
exports.SoapFault = SoapFault;
//# sourceMappingURL=soap-fault.js.map