import { registryError, type RegistryErrorEntry } from '../../xds';
import type { AdhocQueryCommand } from './adhoc-query.request';
import { parseCx, type CxIdentifier } from '@gw/hl7-datatypes';
import { slotPredicate, TIME_PARAM_NAMES, type EntryPredicate } from './find-documents.filter';
import { parseSlotValues } from './slot-values.util';
import { findStoredQuery, type StoredQueryDefinition } from './stored-queries.const';

/** What an ITI-38 request asks the gateway to do, after every parameter check passed. */
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
  | { kind: 'get'; query: string; by: 'entryUuid' | 'uniqueId'; ids: string[] };

const FIND_PARAMS = new Set([
  '$XDSDocumentEntryPatientId',
  '$XDSDocumentEntryStatus',
  '$XDSDocumentEntryType',
  '$XDSDocumentEntryClassCode',
  '$XDSDocumentEntryTypeCode',
  '$XDSDocumentEntryFormatCode',
  '$XDSDocumentEntryConfidentialityCode',
  '$XDSDocumentEntryHealthcareFacilityTypeCode',
  '$XDSDocumentEntryPracticeSettingCode',
  '$XDSDocumentEntryEventCodeList',
  '$XDSDocumentEntryAuthorPerson',
  '$MetadataLevel',
  ...TIME_PARAM_NAMES,
]);
const SUPPORTED = new Set(['FindDocuments', 'GetDocuments']);
const SINGLE_VALUED = new Set(['$XDSDocumentEntryPatientId', '$MetadataLevel', ...TIME_PARAM_NAMES]);

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

function checkSingleValued(cmd: AdhocQueryCommand): void {
  for (const name of cmd.params.keys()) {
    if (!SINGLE_VALUED.has(name)) continue;
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

function findPlan(cmd: AdhocQueryCommand, def: StoredQueryDefinition, patientParam: string, known: Set<string>): StoredQueryPlan {
  const predicates: EntryPredicate[] = [];
  const warnings: RegistryErrorEntry[] = [];
  for (const name of cmd.params.keys()) {
    if (name === patientParam || name === '$MetadataLevel') continue;
    if (!known.has(name)) {
      warnings.push({
        code: 'XDSRegistryError',
        severity: 'warning',
        context: `Parameter ${name} is not used by ${def.name} and was ignored.`,
      });
      continue;
    }
    for (const slot of values(cmd, name)) {
      const p = slotPredicate(name, slot);
      if (p) predicates.push(p);
    }
  }
  if (!cmd.params.has('$XDSDocumentEntryType')) predicates.push((e) => e.kind === 'stable');
  return { kind: 'find', query: def.name, patient: patientOf(cmd, patientParam), predicates, warnings };
}

/**
 * Validates a parsed request against its stored query and our community (ITI TF-2 3.18.4.1.2.3,
 * 3.38.4.1.2), in this order: a supported query id (FindDocuments, GetDocuments; any other id is
 * XDSUnknownStoredQuery), homeCommunityId, required and xor parameters,
 * single-valued parameters. Throws RegistryErrorException with the IHE code for the first failure.
 */
export function planStoredQuery(cmd: AdhocQueryCommand, ourHomeCommunityId: string): StoredQueryPlan {
  const def = findStoredQuery(cmd.queryId);
  if (!def) throw registryError('XDSUnknownStoredQuery', `Stored query ${cmd.queryId.slice(0, 64)} is not a registry stored query.`);
  if (!SUPPORTED.has(def.name)) {
    // One living document per patient, no submission sets, folders or associations: only the two
    // document queries are served (the minimum for an XCA responding gateway).
    throw registryError(
      'XDSUnknownStoredQuery',
      `${def.name} is not supported by this responding gateway; use FindDocuments or GetDocuments.`,
    );
  }
  if (cmd.home && cmd.home !== ourHomeCommunityId) {
    throw registryError('XDSUnknownCommunity', `homeCommunityId ${cmd.home.slice(0, 80)} is not this community (${ourHomeCommunityId}).`);
  }
  if (def.needsHome && !cmd.home) {
    throw registryError('XDSMissingHomeCommunityId', `${def.name} requires the homeCommunityId in AdhocQuery/@home.`);
  }
  checkRequired(def, cmd);
  checkSingleValued(cmd);

  switch (def.name) {
    case 'FindDocuments':
      return findPlan(cmd, def, '$XDSDocumentEntryPatientId', FIND_PARAMS);
    case 'GetDocuments': {
      const byUuid = values(cmd, '$XDSDocumentEntryEntryUUID').flat();
      if (byUuid.length) return { kind: 'get', query: def.name, by: 'entryUuid', ids: byUuid.map((v) => v.trim().toLowerCase()) };
      return {
        kind: 'get',
        query: def.name,
        by: 'uniqueId',
        ids: values(cmd, '$XDSDocumentEntryUniqueId')
          .flat()
          .map((v) => v.trim()),
      };
    }
    default:
      throw new Error(`unreachable: ${def.name}`);
  }
}
