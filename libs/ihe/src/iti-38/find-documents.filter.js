"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TIME_PARAM_NAMES = void 0;
exports.slotPredicate = slotPredicate;
const xds_1 = require("../xds");
function codeMatches(value, c) {
    const [code, , scheme] = value.split('^');
    if (code.trim() !== c.code)
        return false;
    return !scheme?.trim() || (0, xds_1.stripUrnOid)(scheme) === (0, xds_1.stripUrnOid)(c.scheme);
}
/** Code parameters (`code^^scheme`, scheme optional on input) → the entry's coded attribute(s). */
const CODE_PARAMS = {
    $XDSDocumentEntryClassCode: (e) => [e.classCode],
    $XDSDocumentEntryTypeCode: (e) => [e.typeCode],
    $XDSDocumentEntryFormatCode: (e) => [e.formatCode],
    $XDSDocumentEntryConfidentialityCode: (e) => e.confidentialityCodes,
    $XDSDocumentEntryHealthcareFacilityTypeCode: (e) => [e.healthcareFacilityTypeCode],
    $XDSDocumentEntryPracticeSettingCode: (e) => [e.practiceSettingCode],
    // The GP record document carries no event codes: any requested event code excludes it.
    $XDSDocumentEntryEventCodeList: () => [],
};
/** Time parameters: From is inclusive, To exclusive, compared as DTM at full precision. */
const TIME_PARAMS = {
    $XDSDocumentEntryCreationTimeFrom: { get: (e) => e.creationTime, from: true },
    $XDSDocumentEntryCreationTimeTo: { get: (e) => e.creationTime, from: false },
    $XDSDocumentEntryServiceStartTimeFrom: { get: (e) => e.serviceStartTime, from: true },
    $XDSDocumentEntryServiceStartTimeTo: { get: (e) => e.serviceStartTime, from: false },
    $XDSDocumentEntryServiceStopTimeFrom: { get: (e) => e.serviceStopTime, from: true },
    $XDSDocumentEntryServiceStopTimeTo: { get: (e) => e.serviceStopTime, from: false },
};
exports.TIME_PARAM_NAMES = Object.keys(TIME_PARAMS);
/** Pads a DTM to 14 digits so differing precisions compare correctly as strings. */
function pad(dtm) {
    return dtm.padEnd(14, '0');
}
/** SQL LIKE as XDS uses it for AuthorPerson: % any run, _ one character. */
function like(pattern, value) {
    const re = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
    return new RegExp(`^${re}$`, 's').test(value);
}
function statusMatches(value) {
    const v = value.trim();
    return v === xds_1.AVAILABILITY_STATUS.approved || v.toLowerCase() === 'approved';
}
function entryTypeMatches(value, e) {
    const v = value.trim().toLowerCase();
    return e.kind === 'stable' ? v === xds_1.ENTRY_TYPE.stable : v === xds_1.ENTRY_TYPE.onDemand;
}
/**
 * The predicate for one Slot of a FindDocuments parameter, or undefined for a parameter this
 * filter does not know. Every entry the gateway publishes is Approved, so a Status slot matches
 * only when it lists Approved (a query for Deprecated only returns nothing).
 */
function slotPredicate(name, values) {
    const code = CODE_PARAMS[name];
    if (code)
        return (e) => values.some((v) => code(e).some((c) => codeMatches(v, c)));
    const time = TIME_PARAMS[name];
    if (time) {
        const bound = pad(values[0].trim());
        return (e) => {
            const t = time.get(e);
            if (!t)
                return false;
            return time.from ? pad(t) >= bound : pad(t) < bound;
        };
    }
    switch (name) {
        case '$XDSDocumentEntryStatus':
            return () => values.some(statusMatches);
        case '$XDSDocumentEntryType':
            return (e) => values.some((v) => entryTypeMatches(v, e));
        case '$XDSDocumentEntryAuthorPerson':
            return (e) => values.some((v) => !!e.author?.person && like(v, e.author.person));
        default:
            return undefined;
    }
}
//# sourceMappingURL=find-documents.filter.js.map