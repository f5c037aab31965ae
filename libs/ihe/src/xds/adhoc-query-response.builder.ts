import type { DocumentEntryMetadata } from './document-entry';
import { buildExtrinsicObject, buildObjectRef } from './document-entry.builder';
import { buildRegistryErrorList, responseStatus, type RegistryErrorEntry } from './registry-error';
import { buildAssociation, buildRegistryPackage, type AssociationMetadata, type SubmissionSetMetadata } from './registry-objects';
import { NS } from './xds.constants';

export type ReturnType = 'LeafClass' | 'ObjectRef';

export interface AdhocQueryResult {
  returnType: ReturnType;
  entries: DocumentEntryMetadata[];
  submissionSets?: SubmissionSetMetadata[];
  associations?: AssociationMetadata[];
  errors: RegistryErrorEntry[];
}

/** How many registry objects an answer carries (for the status, metrics and logs). */
export function objectCount(r: Pick<AdhocQueryResult, 'entries' | 'submissionSets' | 'associations'>): number {
  return r.entries.length + (r.submissionSets?.length ?? 0) + (r.associations?.length ?? 0);
}

/**
 * `query:AdhocQueryResponse` (ITI-38, ITI-18): status from the errors and objects, then
 * RegistryErrorList?, then RegistryObjectList (always present, possibly empty) with the
 * SubmissionSets, the DocumentEntries and the Associations; ObjectRef answers carry one ObjectRef
 * per object. `location` of every RegistryError and `home` of every object is our homeCommunityId.
 */
export function buildAdhocQueryResponse(result: AdhocQueryResult, homeCommunityId: string): string {
  const status = responseStatus(result.errors, objectCount(result));
  const sets = result.submissionSets ?? [];
  const associations = result.associations ?? [];
  const objects =
    result.returnType === 'ObjectRef'
      ? [
          ...sets.map((s) => buildObjectRef(s.entryUuid, s.homeCommunityId)),
          ...result.entries.map((e) => buildObjectRef(e.entryUuid, e.homeCommunityId)),
          ...associations.map((a) => buildObjectRef(a.id, a.homeCommunityId)),
        ].join('')
      : [...sets.map(buildRegistryPackage), ...result.entries.map(buildExtrinsicObject), ...associations.map(buildAssociation)].join('');
  const objectList = objects ? `<rim:RegistryObjectList>${objects}</rim:RegistryObjectList>` : '<rim:RegistryObjectList/>';
  return (
    `<query:AdhocQueryResponse xmlns:query="${NS.query}" xmlns:rim="${NS.rim}" xmlns:rs="${NS.rs}" status="${status}">` +
    `${buildRegistryErrorList(result.errors, homeCommunityId)}${objectList}</query:AdhocQueryResponse>`
  );
}
