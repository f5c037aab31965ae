"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildAdhocQueryResponse = buildAdhocQueryResponse;
const document_entry_builder_1 = require("./document-entry.builder");
const registry_error_1 = require("./registry-error");
const xds_constants_1 = require("./xds.constants");
/**
 * `query:AdhocQueryResponse` (ITI-38): status from the errors and objects, then
 * RegistryErrorList?, then RegistryObjectList (always present, possibly empty).
 * `location` of every RegistryError and `home` of every object is our homeCommunityId.
 */
function buildAdhocQueryResponse(result, homeCommunityId) {
    const status = (0, registry_error_1.responseStatus)(result.errors, result.entries.length);
    const objects = result.entries
        .map((e) => (result.returnType === 'ObjectRef' ? (0, document_entry_builder_1.buildObjectRef)(e.entryUuid, e.homeCommunityId) : (0, document_entry_builder_1.buildExtrinsicObject)(e)))
        .join('');
    const objectList = objects ? `<rim:RegistryObjectList>${objects}</rim:RegistryObjectList>` : '<rim:RegistryObjectList/>';
    return (`<query:AdhocQueryResponse xmlns:query="${xds_constants_1.NS.query}" xmlns:rim="${xds_constants_1.NS.rim}" xmlns:rs="${xds_constants_1.NS.rs}" status="${status}">` +
        `${(0, registry_error_1.buildRegistryErrorList)(result.errors, homeCommunityId)}${objectList}</query:AdhocQueryResponse>`);
}
//# sourceMappingURL=adhoc-query-response.builder.js.map