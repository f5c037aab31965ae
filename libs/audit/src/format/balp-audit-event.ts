import type { AuditRecord } from '../audit-event';
import { eventKind, outcomeIndicator } from './audit-codes';
import type { AuditSource } from './dicom-audit-message';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const IHE_TX = 'urn:ihe:event-type-code';

/**
 * One record as an IHE BALP (Basic Audit Log Patterns) FHIR R4 AuditEvent: the same event, outcome,
 * participants and entities as the DICOM message. Its `id` is the record's stable id, so a PUT of
 * the same record twice stores it once. The patient is an identifier (the pseudonym), never a reference.
 */
export function balpAuditEvent(rec: AuditRecord, source: AuditSource): Record<string, unknown> {
  const kind = eventKind(rec);
  const q = rec.requester;
  const entity: object[] = [];
  if (rec.patientPseudonym)
    entity.push({
      what: { identifier: { system: 'urn:gw:audit-pseudonym', value: rec.patientPseudonym } },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1', display: 'Person' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1', display: 'Patient' },
    });
  for (const doc of rec.documentIds ?? [])
    entity.push({
      what: { identifier: { value: doc } },
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2', display: 'System Object' },
      role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '3', display: 'Report' },
    });
  const [pouCode, pouSystem] = (q.purposeOfUse ?? '').split('@');
  return {
    resourceType: 'AuditEvent',
    id: rec.id,
    type: { system: DCM, code: kind.eventId.code, display: kind.eventId.display },
    subtype: kind.type ? [{ system: IHE_TX, code: kind.type.code, display: kind.type.display }] : undefined,
    action: kind.action,
    recorded: rec.at,
    outcome: String(outcomeIndicator(rec.outcome)),
    outcomeDesc: rec.detail,
    purposeOfEvent: pouCode ? [{ coding: [{ system: pouSystem ? `urn:oid:${pouSystem}` : undefined, code: pouCode }] }] : undefined,
    agent: [
      {
        type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] },
        who: { identifier: { value: q.subjectId || q.organizationId || q.homeCommunityId || 'unknown' }, display: q.organization },
        requestor: true,
      },
      {
        type: { coding: [{ system: DCM, code: '110152', display: 'Destination Role ID' }] },
        who: { identifier: { value: source.sourceId } },
        requestor: false,
      },
    ],
    source: { site: source.siteId, observer: { identifier: { value: source.sourceId } } },
    entity: [
      ...entity,
      { what: { identifier: { system: 'urn:gw:request-id', value: rec.requestId } }, type: { code: '2', display: 'System Object' } },
    ],
  };
}
