"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.planStoredQuery = planStoredQuery;
const xds_1 = require("../xds");
const cx_util_1 = require("./cx.util");
const find_documents_filter_1 = require("./find-documents.filter");
const slot_values_util_1 = require("./slot-values.util");
const stored_queries_const_1 = require("./stored-queries.const");
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
    ...find_documents_filter_1.TIME_PARAM_NAMES,
]);
const SINGLE_VALUED = new Set(['$XDSDocumentEntryPatientId', '$patientId', '$MetadataLevel', ...find_documents_filter_1.TIME_PARAM_NAMES]);
function values(cmd, name) {
    return (cmd.params.get(name) ?? []).map((slot) => (0, slot_values_util_1.parseSlotValues)(slot)).filter((v) => v.length);
}
function checkRequired(def, cmd) {
    for (const p of def.required) {
        if (!values(cmd, p).length)
            throw (0, xds_1.registryError)('XDSStoredQueryMissingParam', `Required parameter ${p} is missing.`);
    }
    for (const [a, b] of def.xor) {
        const hasA = values(cmd, a).length > 0;
        const hasB = values(cmd, b).length > 0;
        if (hasA && hasB)
            throw (0, xds_1.registryError)('XDSStoredQueryParamNumber', `Only one of ${a} and ${b} may be given.`);
        if (!hasA && !hasB)
            throw (0, xds_1.registryError)('XDSStoredQueryMissingParam', `One of ${a} or ${b} is required.`);
    }
}
function checkSingleValued(cmd) {
    for (const name of cmd.params.keys()) {
        if (!SINGLE_VALUED.has(name))
            continue;
        const slots = values(cmd, name);
        if (slots.length > 1 || slots.some((v) => v.length > 1)) {
            throw (0, xds_1.registryError)('XDSStoredQueryParamNumber', `Parameter ${name} takes a single value.`);
        }
    }
}
function patientOf(cmd, name) {
    const raw = values(cmd, name)[0][0];
    const cx = (0, cx_util_1.parseCx)(raw);
    // An id we cannot read as a CX with an assigning authority is an id we do not know.
    if (!cx)
        throw (0, xds_1.registryError)('XDSUnknownPatientId', 'The patient identifier is not known to this community.');
    return cx;
}
function findPlan(cmd, def, patientParam, known) {
    const predicates = [];
    const warnings = [];
    for (const name of cmd.params.keys()) {
        if (name === patientParam || name === '$MetadataLevel')
            continue;
        if (!known.has(name)) {
            warnings.push({ code: 'XDSRegistryError', severity: 'warning', context: `Parameter ${name} is not used by ${def.name} and was ignored.` });
            continue;
        }
        for (const slot of values(cmd, name)) {
            const p = (0, find_documents_filter_1.slotPredicate)(name, slot);
            if (p)
                predicates.push(p);
        }
    }
    if (!cmd.params.has('$XDSDocumentEntryType'))
        predicates.push((e) => e.kind === 'stable');
    return { kind: 'find', query: def.name, patient: patientOf(cmd, patientParam), predicates, warnings };
}
/**
 * Validates a parsed request against its stored query and our community (ITI TF-2 3.18.4.1.2.3,
 * 3.38.4.1.2), in this order: known query id, homeCommunityId, required and xor parameters,
 * single-valued parameters. Throws RegistryErrorException with the IHE code for the first failure.
 */
function planStoredQuery(cmd, ourHomeCommunityId) {
    const def = (0, stored_queries_const_1.findStoredQuery)(cmd.queryId);
    if (!def)
        throw (0, xds_1.registryError)('XDSUnknownStoredQuery', `Stored query ${cmd.queryId.slice(0, 64)} is not a registry stored query.`);
    if (cmd.home && cmd.home !== ourHomeCommunityId) {
        throw (0, xds_1.registryError)('XDSUnknownCommunity', `homeCommunityId ${cmd.home.slice(0, 80)} is not this community (${ourHomeCommunityId}).`);
    }
    if (def.needsHome && !cmd.home) {
        throw (0, xds_1.registryError)('XDSMissingHomeCommunityId', `${def.name} requires the homeCommunityId in AdhocQuery/@home.`);
    }
    checkRequired(def, cmd);
    checkSingleValued(cmd);
    switch (def.name) {
        case 'FindDocuments':
            return findPlan(cmd, def, '$XDSDocumentEntryPatientId', FIND_PARAMS);
        case 'GetAll':
            return findPlan(cmd, def, '$patientId', new Set(['$XDSDocumentEntryStatus', '$XDSSubmissionSetStatus', '$XDSFolderStatus']));
        case 'FindDocumentsByReferenceId': {
            // No published entry carries a referenceIdList, so nothing can match; the patient is still checked.
            const plan = findPlan(cmd, def, '$XDSDocumentEntryPatientId', new Set([...FIND_PARAMS, '$XDSDocumentEntryReferenceIdList']));
            return plan.kind === 'find' ? { ...plan, predicates: [() => false] } : plan;
        }
        case 'GetDocuments':
        case 'GetDocumentsAndAssociations': {
            const byUuid = values(cmd, '$XDSDocumentEntryEntryUUID').flat();
            if (byUuid.length)
                return { kind: 'get', query: def.name, by: 'entryUuid', ids: byUuid.map((v) => v.trim().toLowerCase()) };
            return { kind: 'get', query: def.name, by: 'uniqueId', ids: values(cmd, '$XDSDocumentEntryUniqueId').flat().map((v) => v.trim()) };
        }
        default:
            return { kind: 'none', query: def.name };
    }
}
//# sourceMappingURL=stored-query.plan.js.map