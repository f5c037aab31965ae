import { randomUUID } from 'node:crypto';
import { escapeAttr as a, escapeText as t } from '@gw/xml-escape';
import { hl7Timestamp } from './hl7-time.util';
import type { PatientDiscoveryQuery } from './pdq-query.parser';

/**
 * MCCI_IN000002UV01 application acknowledgement (XCPD deferred mode). `detail` carries an HL7
 * AcknowledgementDetailCode such as NS250 (mode not supported) or SYN105 (required element missing).
 */
export function buildMcciIn000002(
  query: PatientDiscoveryQuery,
  ack: 'AA' | 'AE' | 'AR',
  identity: { deviceOid: string; homeCommunityOid: string },
  detail?: { code?: string; text: string },
  now = new Date(),
): string {
  const target = query.messageId?.root
    ? `<id root="${a(query.messageId.root)}"${query.messageId.extension ? ` extension="${a(query.messageId.extension)}"` : ''}/>`
    : '<id nullFlavor="UNK"/>';
  const receiverId = query.senderDeviceId?.root ? `<id root="${a(query.senderDeviceId.root)}"/>` : '<id nullFlavor="UNK"/>';
  const detailXml = detail
    ? `<acknowledgementDetail typeCode="E">${detail.code ? `<code code="${a(detail.code)}" codeSystem="2.16.840.1.113883.5.1100"/>` : ''}<text>${t(detail.text)}</text></acknowledgementDetail>`
    : '';
  return (
    `<MCCI_IN000002UV01 xmlns="urn:hl7-org:v3" ITSVersion="XML_1.0"><id root="${randomUUID().toUpperCase()}"/><creationTime value="${hl7Timestamp(now)}"/>` +
    `<interactionId root="2.16.840.1.113883.1.6" extension="MCCI_IN000002UV01"/>` +
    `<processingCode code="${query.processingCode && ['P', 'T', 'D'].includes(query.processingCode) ? query.processingCode : 'P'}"/><processingModeCode code="T"/><acceptAckCode code="NE"/>` +
    `<receiver typeCode="RCV"><device classCode="DEV" determinerCode="INSTANCE">${receiverId}</device></receiver>` +
    `<sender typeCode="SND"><device classCode="DEV" determinerCode="INSTANCE"><id root="${a(identity.deviceOid)}"/>` +
    `<asAgent classCode="AGNT"><representedOrganization classCode="ORG" determinerCode="INSTANCE"><id root="${a(identity.homeCommunityOid)}"/></representedOrganization></asAgent></device></sender>` +
    `<acknowledgement><typeCode code="${ack}"/><targetMessage>${target}</targetMessage>${detailXml}</acknowledgement></MCCI_IN000002UV01>`
  );
}
