import { escapeText } from '@gw/xml-escape';
import { buildRegistryErrorList, NS, responseStatus, type RegistryErrorEntry } from '../../xds';

/** One document returned by ITI-39; its bytes travel as an MTOM part referenced by `contentId`. */
export interface RetrievedDocument {
  homeCommunityId: string;
  repositoryUniqueId: string;
  documentUniqueId: string;
  /** On-Demand retrievals: the uniqueId (and repository) of the instance that was returned. */
  newDocumentUniqueId?: string;
  newRepositoryUniqueId?: string;
  mimeType: string;
  contentId: string;
}

/**
 * `xdsb:RetrieveDocumentSetResponse` (ITI TF-2 3.43.4.2 / 3.39.4.2): RegistryResponse with its
 * status and errors, then one DocumentResponse per document in schema order, each Document an
 * XOP Include of its MTOM part. Status: Success when everything asked for is returned,
 * PartialSuccess with some documents and errors, Failure with none.
 */
export function buildRetrieveResponse(docs: readonly RetrievedDocument[], errors: readonly RegistryErrorEntry[], location: string): string {
  const status = responseStatus(errors, docs.length);
  const errorList = buildRegistryErrorList(errors, location);
  const registryResponse = errorList
    ? `<rs:RegistryResponse status="${status}">${errorList}</rs:RegistryResponse>`
    : `<rs:RegistryResponse status="${status}"/>`;
  const responses = docs
    .map(
      (d) =>
        '<xdsb:DocumentResponse>' +
        `<xdsb:HomeCommunityId>${escapeText(d.homeCommunityId)}</xdsb:HomeCommunityId>` +
        `<xdsb:RepositoryUniqueId>${escapeText(d.repositoryUniqueId)}</xdsb:RepositoryUniqueId>` +
        `<xdsb:DocumentUniqueId>${escapeText(d.documentUniqueId)}</xdsb:DocumentUniqueId>` +
        (d.newRepositoryUniqueId ? `<xdsb:NewRepositoryUniqueId>${escapeText(d.newRepositoryUniqueId)}</xdsb:NewRepositoryUniqueId>` : '') +
        (d.newDocumentUniqueId ? `<xdsb:NewDocumentUniqueId>${escapeText(d.newDocumentUniqueId)}</xdsb:NewDocumentUniqueId>` : '') +
        `<xdsb:mimeType>${escapeText(d.mimeType)}</xdsb:mimeType>` +
        `<xdsb:Document><xop:Include xmlns:xop="${NS.xop}" href="cid:${d.contentId}"/></xdsb:Document>` +
        '</xdsb:DocumentResponse>',
    )
    .join('');
  return `<xdsb:RetrieveDocumentSetResponse xmlns:xdsb="${NS.xdsb}" xmlns:rs="${NS.rs}">${registryResponse}${responses}</xdsb:RetrieveDocumentSetResponse>`;
}
