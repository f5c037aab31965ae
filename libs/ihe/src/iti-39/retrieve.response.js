"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildRetrieveResponse = buildRetrieveResponse;
const soap_1 = require("../../../soap/src/index.js");
const xds_1 = require("../xds");
/**
 * `xdsb:RetrieveDocumentSetResponse` (ITI TF-2 3.43.4.2 / 3.39.4.2): RegistryResponse with its
 * status and errors, then one DocumentResponse per document in schema order, each Document an
 * XOP Include of its MTOM part. Status: Success when everything asked for is returned,
 * PartialSuccess with some documents and errors, Failure with none.
 */
function buildRetrieveResponse(docs, errors, location) {
    const status = (0, xds_1.responseStatus)(errors, docs.length);
    const errorList = (0, xds_1.buildRegistryErrorList)(errors, location);
    const registryResponse = errorList ? `<rs:RegistryResponse status="${status}">${errorList}</rs:RegistryResponse>` : `<rs:RegistryResponse status="${status}"/>`;
    const responses = docs
        .map((d) => '<xdsb:DocumentResponse>' +
        `<xdsb:HomeCommunityId>${(0, soap_1.escapeText)(d.homeCommunityId)}</xdsb:HomeCommunityId>` +
        `<xdsb:RepositoryUniqueId>${(0, soap_1.escapeText)(d.repositoryUniqueId)}</xdsb:RepositoryUniqueId>` +
        `<xdsb:DocumentUniqueId>${(0, soap_1.escapeText)(d.documentUniqueId)}</xdsb:DocumentUniqueId>` +
        (d.newRepositoryUniqueId ? `<xdsb:NewRepositoryUniqueId>${(0, soap_1.escapeText)(d.newRepositoryUniqueId)}</xdsb:NewRepositoryUniqueId>` : '') +
        (d.newDocumentUniqueId ? `<xdsb:NewDocumentUniqueId>${(0, soap_1.escapeText)(d.newDocumentUniqueId)}</xdsb:NewDocumentUniqueId>` : '') +
        `<xdsb:mimeType>${(0, soap_1.escapeText)(d.mimeType)}</xdsb:mimeType>` +
        `<xdsb:Document><xop:Include xmlns:xop="${xds_1.NS.xop}" href="cid:${d.contentId}"/></xdsb:Document>` +
        '</xdsb:DocumentResponse>')
        .join('');
    return `<xdsb:RetrieveDocumentSetResponse xmlns:xdsb="${xds_1.NS.xdsb}" xmlns:rs="${xds_1.NS.rs}">${registryResponse}${responses}</xdsb:RetrieveDocumentSetResponse>`;
}
//# sourceMappingURL=retrieve.response.js.map