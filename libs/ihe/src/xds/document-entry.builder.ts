import { escapeAttr } from '@gw/xml-escape';
import type { DocumentEntryMetadata } from './document-entry';
import { classification, coded, externalIdentifier, localized, slot } from './rim-parts';
import { serialisedOnce } from './serialised-once';
import { AVAILABILITY_STATUS, CLASSIFICATION_SCHEME, ENTRY_TYPE, EXTERNAL_IDENTIFIER_SCHEME } from './xds.constants';

/**
 * One DocumentEntry as `rim:ExtrinsicObject`, in ebRIM element order: Slot*, Name?, Description?,
 * VersionInfo?, Classification*, ExternalIdentifier*. Slots are written once each, in name order.
 * An On-Demand entry carries no creationTime, hash or size (ITI TF-3 4.1.4.1).
 * The `rim` prefix must be bound by the enclosing element.
 */
export const buildExtrinsicObject = serialisedOnce(extrinsicObject);

function extrinsicObject(e: DocumentEntryMetadata): string {
  const stable = e.kind === 'stable';
  const slots: [string, string[]][] = [];
  if (stable && e.creationTime) slots.push(['creationTime', [e.creationTime]]);
  if (stable && e.hash) slots.push(['hash', [e.hash]]);
  slots.push(['languageCode', [e.languageCode]]);
  slots.push(['repositoryUniqueId', [e.repositoryUniqueId]]);
  if (e.serviceStartTime) slots.push(['serviceStartTime', [e.serviceStartTime]]);
  if (e.serviceStopTime) slots.push(['serviceStopTime', [e.serviceStopTime]]);
  if (stable && e.size !== undefined) slots.push(['size', [String(e.size)]]);
  slots.push(['sourcePatientId', [e.sourcePatientId]]);

  const parts: string[] = slots.map(([n, v]) => slot(n, v));
  if (e.title) parts.push(`<rim:Name>${localized(e.title)}</rim:Name>`);
  parts.push('<rim:VersionInfo versionName="1"/>');

  if (e.author && (e.author.institutions.length || e.author.person)) {
    const a = e.author;
    const inner: string[] = [];
    if (a.institutions.length) inner.push(slot('authorInstitution', a.institutions));
    if (a.person) inner.push(slot('authorPerson', [a.person]));
    if (a.roles?.length) inner.push(slot('authorRole', a.roles));
    if (a.specialties?.length) inner.push(slot('authorSpecialty', a.specialties));
    parts.push(classification(e.entryUuid, CLASSIFICATION_SCHEME.author, '', inner.join('')));
  }
  parts.push(coded(e.entryUuid, CLASSIFICATION_SCHEME.classCode, e.classCode));
  for (const c of e.confidentialityCodes) parts.push(coded(e.entryUuid, CLASSIFICATION_SCHEME.confidentialityCode, c));
  parts.push(coded(e.entryUuid, CLASSIFICATION_SCHEME.formatCode, e.formatCode));
  parts.push(coded(e.entryUuid, CLASSIFICATION_SCHEME.healthcareFacilityTypeCode, e.healthcareFacilityTypeCode));
  parts.push(coded(e.entryUuid, CLASSIFICATION_SCHEME.practiceSettingCode, e.practiceSettingCode));
  parts.push(coded(e.entryUuid, CLASSIFICATION_SCHEME.typeCode, e.typeCode));
  parts.push(externalIdentifier(e.entryUuid, EXTERNAL_IDENTIFIER_SCHEME.patientId, e.patientId, 'XDSDocumentEntry.patientId'));
  parts.push(externalIdentifier(e.entryUuid, EXTERNAL_IDENTIFIER_SCHEME.uniqueId, e.uniqueId, 'XDSDocumentEntry.uniqueId'));

  const objectType = stable ? ENTRY_TYPE.stable : ENTRY_TYPE.onDemand;
  return (
    `<rim:ExtrinsicObject id="${escapeAttr(e.entryUuid)}" lid="${escapeAttr(e.entryUuid)}" objectType="${objectType}" ` +
    `status="${AVAILABILITY_STATUS[e.status ?? 'approved']}" mimeType="${escapeAttr(e.mimeType)}" home="${escapeAttr(e.homeCommunityId)}">` +
    `${parts.join('')}</rim:ExtrinsicObject>`
  );
}

/** `rim:ObjectRef` for returnType ObjectRef; `home` is required in XCA. */
export function buildObjectRef(entryUuid: string, homeCommunityId: string): string {
  return `<rim:ObjectRef id="${escapeAttr(entryUuid)}" home="${escapeAttr(homeCommunityId)}"/>`;
}
