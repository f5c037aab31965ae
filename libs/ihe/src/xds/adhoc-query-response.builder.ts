import type { DocumentEntryMetadata } from './document-entry';
import { buildExtrinsicObject, buildObjectRef } from './document-entry.builder';
import { buildRegistryErrorList, responseStatus, type RegistryErrorEntry } from './registry-error';
import { NS } from './xds.constants';

export type ReturnType = 'LeafClass' | 'ObjectRef';

export interface AdhocQueryResult {
  returnType: ReturnType;
  entries: DocumentEntryMetadata[];
  errors: RegistryErrorEntry[];
}

/**
 * `query:AdhocQueryResponse` (ITI-38): status from the errors and objects, then
 * RegistryErrorList?, then RegistryObjectList (always present, possibly empty).
 * `location` of every RegistryError and `home` of every object is our homeCommunityId.
 */
export function buildAdhocQueryResponse(result: AdhocQueryResult, homeCommunityId: string): string {
  const status = responseStatus(result.errors, result.entries.length);
  const objects = result.entries
    .map((e) => (result.returnType === 'ObjectRef' ? buildObjectRef(e.entryUuid, e.homeCommunityId) : buildExtrinsicObject(e)))
    .join('');
  const objectList = objects ? `<rim:RegistryObjectList>${objects}</rim:RegistryObjectList>` : '<rim:RegistryObjectList/>';
  return (
    `<query:AdhocQueryResponse xmlns:query="${NS.query}" xmlns:rim="${NS.rim}" xmlns:rs="${NS.rs}" status="${status}">` +
    `${buildRegistryErrorList(result.errors, homeCommunityId)}${objectList}</query:AdhocQueryResponse>`
  );
}
