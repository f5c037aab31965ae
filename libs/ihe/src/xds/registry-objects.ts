import { escapeAttr } from '@gw/xml-escape';
import type { CodedValue } from './coded-value';
import type { DocumentEntryMetadata } from './document-entry';
import { classification, coded, externalIdentifier, localized, slot } from './rim-parts';
import { serialisedOnce } from './serialised-once';
import { nameBasedUuid } from './xds-format.util';
import { AVAILABILITY_STATUS, OBJECT_TYPE, REGISTRY_OBJECT_TYPE, SUBMISSION_SET, type AssociationType } from './xds.constants';

/**
 * XDSSubmissionSet metadata (ITI TF-3 Table 4.3.1-2): the act of publishing one or more entries.
 * Ids are canonical (entryUuid `urn:uuid:…`, uniqueId an OID, homeCommunityId `urn:oid:…`).
 */
export interface SubmissionSetMetadata {
  entryUuid: string;
  uniqueId: string;
  /** OID of the publishing source. */
  sourceId: string;
  /** DTM, UTC. */
  submissionTime: string;
  /** CX in our domain. */
  patientId: string;
  homeCommunityId: string;
  contentTypeCode: CodedValue;
  /** XON values of the authoring institution(s). */
  authorInstitutions: string[];
  title?: string;
}

/** An ebRIM Association between two registry objects (ITI TF-3 4.2.2). */
export interface AssociationMetadata {
  id: string;
  type: AssociationType;
  sourceObject: string;
  targetObject: string;
  homeCommunityId: string;
  /** HasMember from a SubmissionSet to an entry it published: `Original`. */
  submissionSetStatus?: 'Original' | 'Reference';
}

/** The objects of one query answer, in the order they are written. */
export interface RegistryObjects {
  entries: DocumentEntryMetadata[];
  submissionSets: SubmissionSetMetadata[];
  associations: AssociationMetadata[];
}

/** A stable Association id: the same type, source and target always give the same id. */
export function associationId(type: AssociationType, sourceObject: string, targetObject: string): string {
  return `urn:uuid:${nameBasedUuid('association', type, sourceObject, targetObject)}`;
}

/**
 * One SubmissionSet as `rim:RegistryPackage`, in ebRIM element order (Slot*, Name?, Classification*,
 * ExternalIdentifier*), classified as a SubmissionSet by a nested Classification (ITI TF-3 4.2.3.3).
 */
export const buildRegistryPackage = serialisedOnce(registryPackage);

function registryPackage(s: SubmissionSetMetadata): string {
  const id = s.entryUuid;
  const parts: string[] = [slot('submissionTime', [s.submissionTime])];
  if (s.title) parts.push(`<rim:Name>${localized(s.title)}</rim:Name>`);
  if (s.authorInstitutions.length)
    parts.push(classification(id, SUBMISSION_SET.author, '', slot('authorInstitution', s.authorInstitutions)));
  parts.push(coded(id, SUBMISSION_SET.contentTypeCode, s.contentTypeCode));
  parts.push(
    `<rim:Classification id="urn:uuid:${nameBasedUuid(id, SUBMISSION_SET.classificationNode)}" objectType="${OBJECT_TYPE.classification}" ` +
      `classificationNode="${SUBMISSION_SET.classificationNode}" classifiedObject="${escapeAttr(id)}"/>`,
  );
  parts.push(externalIdentifier(id, SUBMISSION_SET.patientId, s.patientId, 'XDSSubmissionSet.patientId'));
  parts.push(externalIdentifier(id, SUBMISSION_SET.sourceId, s.sourceId, 'XDSSubmissionSet.sourceId'));
  parts.push(externalIdentifier(id, SUBMISSION_SET.uniqueId, s.uniqueId, 'XDSSubmissionSet.uniqueId'));
  return (
    `<rim:RegistryPackage id="${escapeAttr(id)}" lid="${escapeAttr(id)}" objectType="${REGISTRY_OBJECT_TYPE.registryPackage}" ` +
    `status="${AVAILABILITY_STATUS.approved}" home="${escapeAttr(s.homeCommunityId)}">${parts.join('')}</rim:RegistryPackage>`
  );
}

/** One `rim:Association`; a HasMember from a SubmissionSet carries its SubmissionSetStatus Slot. */
export const buildAssociation = serialisedOnce(association);

function association(a: AssociationMetadata): string {
  const inner = a.submissionSetStatus ? slot('SubmissionSetStatus', [a.submissionSetStatus]) : '';
  return (
    `<rim:Association id="${escapeAttr(a.id)}" objectType="${REGISTRY_OBJECT_TYPE.association}" associationType="${a.type}" ` +
    `sourceObject="${escapeAttr(a.sourceObject)}" targetObject="${escapeAttr(a.targetObject)}" status="${AVAILABILITY_STATUS.approved}" ` +
    `home="${escapeAttr(a.homeCommunityId)}">${inner}</rim:Association>`
  );
}
