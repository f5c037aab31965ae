import { registryError, type RegistryErrorEntry } from '../../xds';
import type { AdhocQueryCommand } from './adhoc-query.request';
import { parseCx, type CxIdentifier } from '@gw/hl7-datatypes';
import { slotPredicate, type EntryPredicate } from './find-documents.filter';
import { parseSlotValues } from './slot-values.util';
import { findStoredQuery, type StoredQueryDefinition, type StoredQueryName } from './stored-queries.const';
import { submissionSetPredicate, type SubmissionSetPredicate } from './submission-set.filter';

/** Where a registry query starts: the patient, or the objects it names. */
export type QueryAnchor =
  | { by: 'patient'; patient: CxIdentifier }
  | { by: 'document'; key: 'entryUuid' | 'uniqueId'; ids: string[] }
  | { by: 'submissionSet'; key: 'entryUuid' | 'uniqueId'; ids: string[] }
  /** Any object's entryUUID (a DocumentEntry or a SubmissionSet). */
  | { by: 'uuid'; ids: string[] }
  /** Folder queries: the gateway keeps no Folders, so there is nothing to look up. */
  | { by: 'nothing' };

/** What an ITI-38 (or ITI-18) request asks the gateway to do, after every parameter check passed. */
export type StoredQueryPlan =
  | {
      kind: 'find';
      query: string;
      patient: CxIdentifier;
      /** All must hold (Slots are ANDed); each is an OR over its Slot's values. */
      predicates: EntryPredicate[];
      /** Warnings for parameters that were ignored (never silently). */
      warnings: RegistryErrorEntry[];
    }
  | { kind: 'get'; query: string; by: 'entryUuid' | 'uniqueId'; ids: string[] }
  | {
      kind: 'registry';
      query: Exclude<StoredQueryName, 'FindDocuments' | 'FindDocumentsByReferenceId' | 'GetDocuments'>;
      anchor: QueryAnchor;
      /** Filters on the DocumentEntries returned (ANDed). */
      entryPredicates: EntryPredicate[];
      /** Filters on the SubmissionSets returned (ANDed). */
      submissionSetPredicates: SubmissionSetPredicate[];
      /** GetRelatedDocuments: the association types asked for. */
      associationTypes: string[];
      warnings: RegistryErrorEntry[];
    };

function values(cmd: AdhocQueryCommand, name: string): string[][] {
  return (cmd.params.get(name) ?? []).map((slot) => parseSlotValues(slot)).filter((v) => v.length);
}

function checkRequired(def: StoredQueryDefinition, cmd: AdhocQueryCommand): void {
  for (const p of def.required) {
    if (!values(cmd, p).length) throw registryError('XDSStoredQueryMissingParam', `Required parameter ${p} is missing.`);
  }
  for (const [a, b] of def.xor) {
    const hasA = values(cmd, a).length > 0;
    const hasB = values(cmd, b).length > 0;
    if (hasA && hasB) throw registryError('XDSStoredQueryParamNumber', `Only one of ${a} and ${b} may be given.`);
    if (!hasA && !hasB) throw registryError('XDSStoredQueryMissingParam', `One of ${a} or ${b} is required.`);
  }
}

/** A parameter the table declares `one` takes one value in one Slot (XDSStoredQueryParamNumber otherwise). */
function checkSingleValued(def: StoredQueryDefinition, cmd: AdhocQueryCommand): void {
  for (const name of cmd.params.keys()) {
    if (def.params[name]?.card !== 'one') continue;
    const slots = values(cmd, name);
    if (slots.length > 1 || slots.some((v) => v.length > 1)) {
      throw registryError('XDSStoredQueryParamNumber', `Parameter ${name} takes a single value.`);
    }
  }
}

function patientOf(cmd: AdhocQueryCommand, name: string): CxIdentifier {
  const raw = values(cmd, name)[0][0];
  const cx = parseCx(raw);
  // An id we cannot read as a CX with an assigning authority is an id we do not know.
  if (!cx) throw registryError('XDSUnknownPatientId', 'The patient identifier is not known to this community.');
  return cx;
}

/** Parameters the query does not take become a warning, never silence. */
function unknownParamWarnings(def: StoredQueryDefinition, cmd: AdhocQueryCommand): RegistryErrorEntry[] {
  return [...cmd.params.keys()]
    .filter((name) => !def.params[name])
    .map((name) => ({
      code: 'XDSRegistryError' as const,
      severity: 'warning' as const,
      context: `Parameter ${name} is not used by ${def.name} and was ignored.`,
    }));
}

/** Parameters that select objects rather than filter them: never turned into predicates. */
const ID_PARAMS = new Set([
  '$XDSDocumentEntryPatientId',
  '$XDSSubmissionSetPatientId',
  '$XDSFolderPatientId',
  '$patientId',
  '$XDSDocumentEntryEntryUUID',
  '$XDSDocumentEntryUniqueId',
  '$XDSSubmissionSetEntryUUID',
  '$XDSSubmissionSetUniqueId',
  '$uuid',
  '$AssociationTypes',
  '$MetadataLevel',
]);

function entryPredicates(def: StoredQueryDefinition, cmd: AdhocQueryCommand): EntryPredicate[] {
  const predicates: EntryPredicate[] = [];
  for (const name of cmd.params.keys()) {
    if (!def.params[name] || ID_PARAMS.has(name)) continue;
    for (const slot of values(cmd, name)) {
      const p = slotPredicate(name, slot);
      if (p) predicates.push(p);
    }
  }
  // Without $XDSDocumentEntryType only Stable entries are returned (ITI TF-2 3.18.4.1.2.3.7).
  if (def.params.$XDSDocumentEntryType && !cmd.params.has('$XDSDocumentEntryType')) predicates.push((e) => e.kind === 'stable');
  return predicates;
}

function submissionSetPredicates(def: StoredQueryDefinition, cmd: AdhocQueryCommand): SubmissionSetPredicate[] {
  const predicates: SubmissionSetPredicate[] = [];
  for (const name of cmd.params.keys()) {
    if (!def.params[name] || ID_PARAMS.has(name)) continue;
    for (const slot of values(cmd, name)) {
      const p = submissionSetPredicate(name, slot);
      if (p) predicates.push(p);
    }
  }
  return predicates;
}

function entryUuids(ids: string[]): string[] {
  return ids.map((v) => v.trim().toLowerCase()).map((v) => (v.startsWith('urn:uuid:') ? v : `urn:uuid:${v}`));
}

/** The objects a query names: by entryUUID (canonical `urn:uuid:`, lower case) or by uniqueId. */
function named(cmd: AdhocQueryCommand, uuidParam: string, uniqueIdParam: string): { key: 'entryUuid' | 'uniqueId'; ids: string[] } {
  const byUuid = values(cmd, uuidParam).flat();
  if (byUuid.length) return { key: 'entryUuid', ids: entryUuids(byUuid) };
  return {
    key: 'uniqueId',
    ids: values(cmd, uniqueIdParam)
      .flat()
      .map((v) => v.trim()),
  };
}

function anchorOf(def: StoredQueryDefinition, cmd: AdhocQueryCommand): QueryAnchor {
  switch (def.name) {
    case 'FindSubmissionSets':
      return { by: 'patient', patient: patientOf(cmd, '$XDSSubmissionSetPatientId') };
    case 'GetAll':
      return { by: 'patient', patient: patientOf(cmd, '$patientId') };
    case 'FindFolders':
      patientOf(cmd, '$XDSFolderPatientId');
      return { by: 'nothing' };
    case 'GetFolders':
    case 'GetFolderAndContents':
    case 'GetFoldersForDocument':
      return { by: 'nothing' };
    case 'GetAssociations':
    case 'GetSubmissionSets':
      return { by: 'uuid', ids: entryUuids(values(cmd, '$uuid').flat()) };
    case 'GetSubmissionSetAndContents':
      return { by: 'submissionSet', ...named(cmd, '$XDSSubmissionSetEntryUUID', '$XDSSubmissionSetUniqueId') };
    default:
      return { by: 'document', ...named(cmd, '$XDSDocumentEntryEntryUUID', '$XDSDocumentEntryUniqueId') };
  }
}

/**
 * Validates a parsed request against its stored query (the table in stored-queries.const.ts) and
 * our community (ITI TF-2 3.18.4.1.2.3, 3.38.4.1.2), in this order: a known query id (any other is
 * XDSUnknownStoredQuery), homeCommunityId, required and xor parameters, single-valued parameters.
 * Throws RegistryErrorException with the IHE code for the first failure.
 */
export function planStoredQuery(cmd: AdhocQueryCommand, ourHomeCommunityId: string): StoredQueryPlan {
  const def = findStoredQuery(cmd.queryId);
  if (!def) throw registryError('XDSUnknownStoredQuery', `Stored query ${cmd.queryId.slice(0, 64)} is not a registry stored query.`);
  if (cmd.home && cmd.home !== ourHomeCommunityId) {
    throw registryError('XDSUnknownCommunity', `homeCommunityId ${cmd.home.slice(0, 80)} is not this community (${ourHomeCommunityId}).`);
  }
  if (def.needsHome && !cmd.home) {
    throw registryError('XDSMissingHomeCommunityId', `${def.name} requires the homeCommunityId in AdhocQuery/@home.`);
  }
  checkRequired(def, cmd);
  checkSingleValued(def, cmd);

  switch (def.name) {
    case 'FindDocuments':
    case 'FindDocumentsByReferenceId':
      return {
        kind: 'find',
        query: def.name,
        patient: patientOf(cmd, '$XDSDocumentEntryPatientId'),
        predicates: entryPredicates(def, cmd),
        warnings: unknownParamWarnings(def, cmd),
      };
    case 'GetDocuments': {
      const { key, ids } = named(cmd, '$XDSDocumentEntryEntryUUID', '$XDSDocumentEntryUniqueId');
      return { kind: 'get', query: def.name, by: key, ids };
    }
    default:
      return {
        kind: 'registry',
        query: def.name,
        anchor: anchorOf(def, cmd),
        entryPredicates: entryPredicates(def, cmd),
        submissionSetPredicates: submissionSetPredicates(def, cmd),
        associationTypes: values(cmd, '$AssociationTypes').flat(),
        warnings: unknownParamWarnings(def, cmd),
      };
  }
}
