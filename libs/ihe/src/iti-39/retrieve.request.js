"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseRetrieveRequest = parseRetrieveRequest;
const soap_1 = require("../../../soap/src/index.js");
const xds_1 = require("../xds");
/** Children in the XDS.b namespace or, leniently, with no namespace. */
function xdsb(el, local) {
    const found = (0, soap_1.children)(el, xds_1.NS.xdsb, local);
    return found.length ? found : (0, soap_1.children)(el, '', local);
}
function value(el, local) {
    const v = (0, soap_1.text)(xdsb(el, local)[0]);
    return v ? v : undefined;
}
/**
 * Parses `xdsb:RetrieveDocumentSetRequest` with one or more DocumentRequests (any prefixes).
 * Returns the requests in order; an empty list means the request asked for nothing.
 */
function parseRetrieveRequest(body) {
    return xdsb(body, 'DocumentRequest').map((r) => ({
        homeCommunityId: value(r, 'HomeCommunityId'),
        repositoryUniqueId: value(r, 'RepositoryUniqueId'),
        documentUniqueId: value(r, 'DocumentUniqueId'),
    }));
}
//# sourceMappingURL=retrieve.request.js.map