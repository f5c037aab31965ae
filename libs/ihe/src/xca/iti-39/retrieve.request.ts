import { children, text, type XmlElement } from '@gw/soap';
import { NS } from '../../xds';

/** One xdsb:DocumentRequest, trimmed; missing elements are undefined (checked per request, never as a whole). */
export interface DocumentRequest {
  homeCommunityId?: string;
  repositoryUniqueId?: string;
  documentUniqueId?: string;
}

/** Children in the XDS.b namespace or, leniently, with no namespace. */
function xdsb(el: XmlElement | undefined, local: string): XmlElement[] {
  const found = children(el, NS.xdsb, local);
  return found.length ? found : children(el, '', local);
}

function value(el: XmlElement, local: string): string | undefined {
  const v = text(xdsb(el, local)[0]);
  return v ? v : undefined;
}

/**
 * Parses `xdsb:RetrieveDocumentSetRequest` with one or more DocumentRequests (any prefixes).
 * Returns the requests in order; an empty list means the request asked for nothing. At most
 * `max + 1` are read: one more than allowed is enough for the caller to refuse the request, and
 * no work or audit record grows with what a caller sends beyond that.
 */
export function parseRetrieveRequest(body: XmlElement, max: number): DocumentRequest[] {
  return xdsb(body, 'DocumentRequest')
    .slice(0, max + 1)
    .map((r) => ({
      homeCommunityId: value(r, 'HomeCommunityId'),
      repositoryUniqueId: value(r, 'RepositoryUniqueId'),
      documentUniqueId: value(r, 'DocumentUniqueId'),
    }));
}
