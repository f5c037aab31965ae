"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildMcciIn000002 = buildMcciIn000002;
const node_crypto_1 = require("node:crypto");
const soap_1 = require("../../../soap/src/index.js");
const hl7_time_util_1 = require("./hl7-time.util");
/**
 * MCCI_IN000002UV01 application acknowledgement (XCPD deferred mode). `detail` carries an HL7
 * AcknowledgementDetailCode such as NS250 (mode not supported) or SYN105 (required element missing).
 */
function buildMcciIn000002(query, ack, identity, detail, now = new Date()) {
    const target = query.messageId?.root
        ? `<id root="${(0, soap_1.escapeAttr)(query.messageId.root)}"${query.messageId.extension ? ` extension="${(0, soap_1.escapeAttr)(query.messageId.extension)}"` : ''}/>`
        : '<id nullFlavor="UNK"/>';
    const receiverId = query.senderDeviceId?.root ? `<id root="${(0, soap_1.escapeAttr)(query.senderDeviceId.root)}"/>` : '<id nullFlavor="UNK"/>';
    const detailXml = detail
        ? `<acknowledgementDetail typeCode="E"><code code="${(0, soap_1.escapeAttr)(detail.code)}" codeSystem="2.16.840.1.113883.5.1100"/><text>${(0, soap_1.escapeText)(detail.text)}</text></acknowledgementDetail>`
        : '';
    return (`<MCCI_IN000002UV01 xmlns="urn:hl7-org:v3" ITSVersion="XML_1.0"><id root="${(0, node_crypto_1.randomUUID)()}"/><creationTime value="${(0, hl7_time_util_1.hl7Timestamp)(now)}"/>` +
        `<interactionId root="2.16.840.1.113883.1.6" extension="MCCI_IN000002UV01"/>` +
        `<processingCode code="${query.processingCode && ['P', 'T', 'D'].includes(query.processingCode) ? query.processingCode : 'P'}"/><processingModeCode code="T"/><acceptAckCode code="NE"/>` +
        `<receiver typeCode="RCV"><device classCode="DEV" determinerCode="INSTANCE">${receiverId}</device></receiver>` +
        `<sender typeCode="SND"><device classCode="DEV" determinerCode="INSTANCE"><id root="${(0, soap_1.escapeAttr)(identity.deviceOid)}"/>` +
        `<asAgent classCode="AGNT"><representedOrganization classCode="ORG" determinerCode="INSTANCE"><id root="${(0, soap_1.escapeAttr)(identity.homeCommunityOid)}"/></representedOrganization></asAgent></device></sender>` +
        `<acknowledgement><typeCode code="${ack}"/><targetMessage>${target}</targetMessage>${detailXml}</acknowledgement></MCCI_IN000002UV01>`);
}
//# sourceMappingURL=mcci-in000002.builder.js.map