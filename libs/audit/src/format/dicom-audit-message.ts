import { escapeAttr, escapeText } from '@gw/xml-escape';
import type { AuditRecord } from '../audit-event';
import { eventKind, outcomeIndicator, PATIENT_NUMBER, REPORT_NUMBER, ROLE_DESTINATION, ROLE_SOURCE, type Coded } from './audit-codes';

/** Who this gateway is in the audit trail. */
export interface AuditSource {
  /** AuditSourceID and the destination participant's UserID (e.g. the host name). */
  sourceId: string;
  /** AuditEnterpriseSiteID: the trust or site running the gateway. */
  siteId?: string;
}

const coded = (tag: string, c: Coded): string =>
  `<${tag} csd-code="${escapeAttr(c.code)}" codeSystemName="${escapeAttr(c.system)}" originalText="${escapeAttr(c.display)}"/>`;

const attr = (name: string, value: string | undefined): string => (value ? ` ${name}="${escapeAttr(value)}"` : '');

function purposeOfUse(value: string): string {
  const [code, system = ''] = value.split('@');
  return coded('PurposeOfUse', { code, system, display: code });
}

/**
 * One record as a DICOM PS3.15 A.5 audit message (the schema IHE ATNA and RFC 3881 repositories
 * read): the event and its outcome, the requester (source) and this gateway (destination), the
 * patient by pseudonym and any documents disclosed.
 */
export function dicomAuditMessage(rec: AuditRecord, source: AuditSource): string {
  const kind = eventKind(rec);
  const q = rec.requester;
  const requester = q.subjectId || q.organizationId || q.homeCommunityId || 'unknown';
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<AuditMessage>',
    `<EventIdentification EventActionCode="${kind.action}" EventDateTime="${escapeAttr(rec.at)}" EventOutcomeIndicator="${outcomeIndicator(rec.outcome)}">`,
    coded('EventID', kind.eventId),
    kind.type ? coded('EventTypeCode', kind.type) : '',
    rec.detail ? `<EventOutcomeDescription>${escapeText(rec.detail)}</EventOutcomeDescription>` : '',
    // The purpose of use the requester asserted (XUA), recorded as "code@codeSystem".
    q.purposeOfUse ? purposeOfUse(q.purposeOfUse) : '',
    '</EventIdentification>',
    `<ActiveParticipant UserID="${escapeAttr(requester)}"${attr('AlternativeUserID', q.homeCommunityId)}${attr('UserName', q.organization)} UserIsRequestor="true">`,
    coded('RoleIDCode', ROLE_SOURCE),
    '</ActiveParticipant>',
    `<ActiveParticipant UserID="${escapeAttr(source.sourceId)}" UserIsRequestor="false">`,
    coded('RoleIDCode', ROLE_DESTINATION),
    '</ActiveParticipant>',
    `<AuditSourceIdentification${attr('AuditEnterpriseSiteID', source.siteId)} AuditSourceID="${escapeAttr(source.sourceId)}">`,
    '<AuditSourceTypeCode csd-code="4" codeSystemName="DCM" originalText="Application Server Process"/>',
    '</AuditSourceIdentification>',
  ];
  if (rec.patientPseudonym) {
    parts.push(
      `<ParticipantObjectIdentification ParticipantObjectID="${escapeAttr(rec.patientPseudonym)}" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">`,
      coded('ParticipantObjectIDTypeCode', PATIENT_NUMBER),
      '</ParticipantObjectIdentification>',
    );
  }
  for (const doc of rec.documentIds ?? []) {
    parts.push(
      `<ParticipantObjectIdentification ParticipantObjectID="${escapeAttr(doc)}" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="3">`,
      coded('ParticipantObjectIDTypeCode', REPORT_NUMBER),
      '</ParticipantObjectIdentification>',
    );
  }
  parts.push('</AuditMessage>');
  return parts.filter(Boolean).join('');
}
