"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WSA_FAULT_ACTION = exports.WSA_NONE = exports.WSA_ANONYMOUS = exports.NS = void 0;
/** Namespaces and actions of the SOAP edge (ihe-transactions.md §1–§3). Match on these URIs, never on prefixes. */
exports.NS = {
    soap12: 'http://www.w3.org/2003/05/soap-envelope',
    soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
    wsa: 'http://www.w3.org/2005/08/addressing',
    /** Obsolete WS-Addressing namespace: accepted on input, never emitted. */
    wsa2004: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
    wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
    wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
    saml2: 'urn:oasis:names:tc:SAML:2.0:assertion',
    xop: 'http://www.w3.org/2004/08/xop/include',
    hl7: 'urn:hl7-org:v3',
    xsi: 'http://www.w3.org/2001/XMLSchema-instance',
    xml: 'http://www.w3.org/XML/1998/namespace',
};
exports.WSA_ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
exports.WSA_NONE = 'http://www.w3.org/2005/08/addressing/none';
exports.WSA_FAULT_ACTION = 'http://www.w3.org/2005/08/addressing/soap/fault';
//# sourceMappingURL=soap.constants.js.map