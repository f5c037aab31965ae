"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isAnonymous = isAnonymous;
exports.readEnvelope = readEnvelope;
const common_1 = require("@nestjs/common");
const xml_element_1 = require("../xml/xml-element");
const soap_constants_1 = require("../soap.constants");
const soap_fault_1 = require("../soap-fault");
/** Header namespaces the gateway processes; a mustUnderstand header outside them is a fault. */
const UNDERSTOOD = new Set([soap_constants_1.NS.wsa, soap_constants_1.NS.wsa2004, soap_constants_1.NS.wsse, soap_constants_1.NS.wsu]);
const logger = new common_1.Logger('SoapEnvelope');
function wsaChildren(header, local) {
    return [...(0, xml_element_1.children)(header, soap_constants_1.NS.wsa, local), ...(0, xml_element_1.children)(header, soap_constants_1.NS.wsa2004, local)];
}
function single(header, local) {
    const els = wsaChildren(header, local);
    if (els.length > 1)
        throw soap_fault_1.SoapFault.sender(`More than one wsa:${local} header`, soap_fault_1.SUBCODES.invalidAddressingHeader);
    return (0, xml_element_1.text)(els[0]) || undefined;
}
function address(header, local) {
    const els = wsaChildren(header, local);
    if (els.length > 1)
        throw soap_fault_1.SoapFault.sender(`More than one wsa:${local} header`, soap_fault_1.SUBCODES.invalidAddressingHeader);
    if (!els.length)
        return undefined;
    const addr = [...(0, xml_element_1.children)(els[0], soap_constants_1.NS.wsa, 'Address'), ...(0, xml_element_1.children)(els[0], soap_constants_1.NS.wsa2004, 'Address')][0];
    const value = (0, xml_element_1.text)(addr);
    if (!value)
        throw soap_fault_1.SoapFault.sender(`wsa:${local} without an Address`, soap_fault_1.SUBCODES.invalidAddressingHeader);
    return value;
}
/** True for the anonymous address in either WS-Addressing namespace. */
function isAnonymous(addr) {
    return !addr || addr === soap_constants_1.WSA_ANONYMOUS || addr === 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';
}
/**
 * Reads a SOAP 1.2 envelope: version, mustUnderstand headers, WS-Addressing headers and the Body
 * payload. Throws SoapFault for everything that cannot be interpreted (ihe-transactions.md §3.4).
 */
function readEnvelope(root) {
    if (root.local === 'Envelope' && root.ns === soap_constants_1.NS.soap11) {
        throw new soap_fault_1.SoapFault('VersionMismatch', 'SOAP 1.1 is not supported; send a SOAP 1.2 envelope');
    }
    if (root.local !== 'Envelope' || root.ns !== soap_constants_1.NS.soap12) {
        if (root.local === 'Envelope')
            throw new soap_fault_1.SoapFault('VersionMismatch', `Unknown envelope namespace ${root.ns || '(none)'}`);
        throw soap_fault_1.SoapFault.sender('The message is not a SOAP envelope');
    }
    const headers = (0, xml_element_1.children)(root, soap_constants_1.NS.soap12, 'Header');
    const bodies = (0, xml_element_1.children)(root, soap_constants_1.NS.soap12, 'Body');
    if (headers.length > 1 || bodies.length > 1)
        throw soap_fault_1.SoapFault.sender('More than one soap:Header or soap:Body');
    const header = headers[0];
    const body = bodies[0];
    if (!body)
        throw soap_fault_1.SoapFault.sender('The envelope has no soap:Body');
    const payload = body.children[0];
    if (!payload)
        throw soap_fault_1.SoapFault.sender('soap:Body is empty');
    for (const h of header?.children ?? []) {
        const mu = (0, xml_element_1.attr)(h, 'mustUnderstand', soap_constants_1.NS.soap12);
        if ((mu === '1' || mu === 'true') && !UNDERSTOOD.has(h.ns)) {
            throw new soap_fault_1.SoapFault('MustUnderstand', `Header {${h.ns}}${h.local} is marked mustUnderstand and is not processed here`);
        }
    }
    const oldWsa = !!header?.children.some((c) => c.ns === soap_constants_1.NS.wsa2004);
    if (oldWsa)
        logger.warn('Request uses the obsolete 2004/08 WS-Addressing namespace; answering in 2005/08');
    const replyTo = address(header, 'ReplyTo');
    const faultTo = address(header, 'FaultTo');
    return {
        header,
        payload,
        action: single(header, 'Action'),
        messageId: single(header, 'MessageID'),
        to: single(header, 'To'),
        replyTo: isAnonymous(replyTo) ? undefined : replyTo,
        faultTo: isAnonymous(faultTo) ? undefined : faultTo,
        security: (0, xml_element_1.children)(header, soap_constants_1.NS.wsse, 'Security')[0],
        oldWsa,
    };
}
//# sourceMappingURL=soap-envelope.js.map