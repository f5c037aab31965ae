"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildEnvelope = buildEnvelope;
exports.buildFaultBody = buildFaultBody;
exports.buildFaultEnvelope = buildFaultEnvelope;
const node_crypto_1 = require("node:crypto");
const xml_escape_1 = require("../xml/xml-escape");
const soap_constants_1 = require("../soap.constants");
const SUBCODE_PREFIX = { [soap_constants_1.NS.wsa]: 'a', [soap_constants_1.NS.wsse]: 'wsse' };
function header(a) {
    const relates = a.relatesTo ? `<a:RelatesTo>${(0, xml_escape_1.escapeText)(a.relatesTo)}</a:RelatesTo>` : '';
    return (`<s:Header><a:Action s:mustUnderstand="1">${(0, xml_escape_1.escapeText)(a.action)}</a:Action>` +
        `<a:MessageID>${(0, xml_escape_1.escapeText)(a.messageId ?? `urn:uuid:${(0, node_crypto_1.randomUUID)()}`)}</a:MessageID>` +
        relates +
        `<a:To s:mustUnderstand="1">${(0, xml_escape_1.escapeText)(a.to ?? soap_constants_1.WSA_ANONYMOUS)}</a:To></s:Header>`);
}
/** A SOAP 1.2 envelope with WS-Addressing 1.0 headers around a serialised payload (UTF-8, no BOM). */
function buildEnvelope(addressing, payloadXml) {
    return (`<?xml version="1.0" encoding="UTF-8"?>\n` +
        `<s:Envelope xmlns:s="${soap_constants_1.NS.soap12}" xmlns:a="${soap_constants_1.NS.wsa}">${header(addressing)}<s:Body>${payloadXml}</s:Body></s:Envelope>`);
}
/** The s:Fault element for a SoapFault. */
function buildFaultBody(fault) {
    let sub = '';
    if (fault.subcode) {
        const prefix = SUBCODE_PREFIX[fault.subcode.ns] ?? 'f';
        const decl = prefix === 'a' ? '' : ` xmlns:${prefix}="${fault.subcode.ns}"`;
        sub = `<s:Subcode><s:Value${decl}>${prefix}:${fault.subcode.local}</s:Value></s:Subcode>`;
    }
    const detail = fault.detail
        ? `<s:Detail><gw:FaultDetail xmlns:gw="urn:gw:soap:fault">${(0, xml_escape_1.escapeText)(fault.detail)}</gw:FaultDetail></s:Detail>`
        : '';
    return (`<s:Fault><s:Code><s:Value>s:${fault.code}</s:Value>${sub}</s:Code>` +
        `<s:Reason><s:Text xml:lang="en">${(0, xml_escape_1.escapeText)(fault.reason)}</s:Text></s:Reason>${detail}</s:Fault>`);
}
/** A complete fault envelope with the WS-Addressing fault Action. */
function buildFaultEnvelope(fault, relatesTo) {
    return buildEnvelope({ action: soap_constants_1.WSA_FAULT_ACTION, relatesTo }, buildFaultBody(fault));
}
//# sourceMappingURL=envelope-builder.js.map