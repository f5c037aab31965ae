"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildPrpaIn201306 = buildPrpaIn201306;
const node_crypto_1 = require("node:crypto");
const soap_1 = require("../../../soap/src/index.js");
const hl7_time_util_1 = require("./hl7-time.util");
function ii(tag, id) {
    if (!id?.root)
        return `<${tag} nullFlavor="UNK"/>`;
    return `<${tag} root="${(0, soap_1.escapeAttr)(id.root)}"${id.extension ? ` extension="${(0, soap_1.escapeAttr)(id.extension)}"` : ''}/>`;
}
function device(typeCode, deviceId, orgId) {
    const tag = typeCode === 'RCV' ? 'receiver' : 'sender';
    const org = orgId?.root
        ? `<asAgent classCode="AGNT"><representedOrganization classCode="ORG" determinerCode="INSTANCE">${ii('id', { root: orgId.root })}</representedOrganization></asAgent>`
        : '';
    return `<${tag} typeCode="${typeCode}"><device classCode="DEV" determinerCode="INSTANCE">${ii('id', deviceId)}${org}</device></${tag}>`;
}
function patientXml(p, identity) {
    const nameParts = [...p.prefix.map((x) => `<prefix>${(0, soap_1.escapeText)(x)}</prefix>`), ...p.given.map((g) => `<given>${(0, soap_1.escapeText)(g)}</given>`), p.family ? `<family>${(0, soap_1.escapeText)(p.family)}</family>` : ''].join('');
    const name = nameParts ? `<name>${nameParts}</name>` : '<name nullFlavor="UNK"/>';
    const telecom = p.telecom.map((x) => `<telecom value="${(0, soap_1.escapeAttr)(x.value)}"${x.use ? ` use="${(0, soap_1.escapeAttr)(x.use)}"` : ''}/>`).join('');
    const gender = p.gender ? `<administrativeGenderCode code="${p.gender}" codeSystem="2.16.840.1.113883.5.1"/>` : '<administrativeGenderCode nullFlavor="UNK"/>';
    const birth = p.birthTime ? `<birthTime value="${(0, soap_1.escapeAttr)(p.birthTime)}"/>` : '';
    const deceased = p.deceased ? `<deceasedInd value="true"/>${p.deceased.time ? `<deceasedTime value="${(0, soap_1.escapeAttr)(p.deceased.time)}"/>` : ''}` : '';
    const addr = p.addresses
        .map((ad) => `<addr${ad.use ? ` use="${(0, soap_1.escapeAttr)(ad.use)}"` : ''}>` +
        ad.lines.map((l) => `<streetAddressLine>${(0, soap_1.escapeText)(l)}</streetAddressLine>`).join('') +
        (ad.city ? `<city>${(0, soap_1.escapeText)(ad.city)}</city>` : '') +
        (ad.postalCode ? `<postalCode>${(0, soap_1.escapeText)(ad.postalCode)}</postalCode>` : '') +
        (ad.country ? `<country>${(0, soap_1.escapeText)(ad.country)}</country>` : '') +
        `</addr>`)
        .join('');
    const others = p.otherIds
        .map((o) => `<asOtherIDs classCode="PAT">${ii('id', o)}<scopingOrganization classCode="ORG" determinerCode="INSTANCE">${ii('id', { root: o.root })}</scopingOrganization></asOtherIDs>`)
        .join('');
    const provider = p.gp
        ? `<providerOrganization classCode="ORG" determinerCode="INSTANCE">${ii('id', { root: p.gp.root, extension: p.gp.extension })}${p.gp.name ? `<name>${(0, soap_1.escapeText)(p.gp.name)}</name>` : ''}<contactParty classCode="CON" nullFlavor="UNK"/></providerOrganization>`
        : '';
    // Only confirmed, unique matches are disclosed, so the match degree is always 100.
    const match = '<subjectOf1><queryMatchObservation classCode="COND" moodCode="EVN"><code code="IHE_PDQ" codeSystem="1.3.6.1.4.1.19376.1.2.27.1"/>' +
        '<value xsi:type="INT" value="100"/></queryMatchObservation></subjectOf1>';
    // The schema requires a custodian in both profiles; XCPD adds the health-data-locator code.
    const hdl = identity.custodian ? '<code code="NotHealthDataLocator" codeSystem="1.3.6.1.4.1.19376.1.2.27.2"/>' : '';
    const custodian = `<custodian typeCode="CST"><assignedEntity classCode="ASSIGNED">${ii('id', { root: identity.homeCommunityOid })}${hdl}</assignedEntity></custodian>`;
    return (`<subject typeCode="SUBJ"><registrationEvent classCode="REG" moodCode="EVN"><id nullFlavor="NA"/><statusCode code="active"/>` +
        `<subject1 typeCode="SBJ"><patient classCode="PAT">${ii('id', p.id)}<statusCode code="active"/>` +
        `<patientPerson classCode="PSN" determinerCode="INSTANCE">${name}${telecom}${gender}${birth}${deceased}${addr}${others}</patientPerson>` +
        `${provider}${match}</patient></subject1>${custodian}</registrationEvent></subject>`);
}
/**
 * Builds a schema-valid PRPA_IN201306UV02 (ihe-transactions.md §8.2) in schema order: transmission
 * wrapper, receiver (the request's sender), sender (us), acknowledgement with the request message id,
 * controlActProcess with subjects, XCPD detected issues, queryAck and the echoed queryByParameter.
 */
function buildPrpaIn201306(query, res, identity, now = new Date()) {
    const processing = query.processingCode && ['P', 'T', 'D'].includes(query.processingCode) ? query.processingCode : 'P';
    const details = res.details
        .map((d) => `<acknowledgementDetail typeCode="${d.typeCode}">` +
        (d.code ? `<code code="${(0, soap_1.escapeAttr)(d.code.code)}" codeSystem="${(0, soap_1.escapeAttr)(d.code.codeSystem)}"/>` : '') +
        `<text>${(0, soap_1.escapeText)(d.text)}</text>` +
        (d.location ? `<location>${(0, soap_1.escapeText)(d.location)}</location>` : '') +
        `</acknowledgementDetail>`)
        .join('');
    const subjects = res.patients.map((p) => patientXml(p, identity)).join('');
    const reasons = res.detectedIssues
        .map((i) => `<reasonOf typeCode="RSON"><detectedIssueEvent classCode="ALRT" moodCode="EVN"><code code="ActAdministrativeDetectedIssueCode" codeSystem="2.16.840.1.113883.5.4"/>` +
        `<mitigatedBy typeCode="MITGT"><detectedIssueManagement classCode="ACT" moodCode="EVN"><code code="${(0, soap_1.escapeAttr)(i.code)}" codeSystem="${(0, soap_1.escapeAttr)(i.codeSystem)}"/></detectedIssueManagement></mitigatedBy></detectedIssueEvent></reasonOf>`)
        .join('');
    const n = res.patients.length;
    const total = res.total ?? n;
    const queryAck = `<queryAck>${query.queryId?.root ? ii('queryId', query.queryId) : ''}` +
        `<statusCode code="${res.queryResponseCode === 'AE' || res.queryResponseCode === 'QE' ? 'aborted' : 'deliveredResponse'}"/>` +
        `<queryResponseCode code="${res.queryResponseCode}"/>` +
        `<resultTotalQuantity value="${total}"/><resultCurrentQuantity value="${n}"/><resultRemainingQuantity value="${Math.max(0, total - n)}"/></queryAck>`;
    const echo = query.queryByParameter ? (0, soap_1.serializeElement)(query.queryByParameter) : '';
    return (`<PRPA_IN201306UV02 xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ITSVersion="XML_1.0">` +
        `<id root="${(0, node_crypto_1.randomUUID)()}"/><creationTime value="${(0, hl7_time_util_1.hl7Timestamp)(now)}"/>` +
        `<interactionId root="2.16.840.1.113883.1.6" extension="PRPA_IN201306UV02"/>` +
        `<processingCode code="${processing}"/><processingModeCode code="T"/><acceptAckCode code="NE"/>` +
        device('RCV', query.senderDeviceId, query.senderOrganizationId) +
        device('SND', { root: identity.deviceOid }, { root: identity.homeCommunityOid }) +
        `<acknowledgement><typeCode code="${res.ack}"/><targetMessage>${ii('id', query.messageId)}</targetMessage>${details}</acknowledgement>` +
        `<controlActProcess classCode="CACT" moodCode="EVN"><code code="PRPA_TE201306UV02" codeSystem="2.16.840.1.113883.1.6"/>` +
        subjects +
        reasons +
        queryAck +
        echo +
        `</controlActProcess></PRPA_IN201306UV02>`);
}
//# sourceMappingURL=prpa-in201306.builder.js.map