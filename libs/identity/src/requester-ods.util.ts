import type { RequesterIdentity } from './requester-identity';

/** An ODS organisation or site code, as opposed to an OID or a URN. */
const ODS_CODE = /^[A-Z0-9]{3,10}$/i;

/**
 * The caller's ODS code when its organisation id is one (partners with an NHS presence send it);
 * undefined for OIDs and URNs, which cannot be mapped to an ODS code here.
 */
export function requesterOdsCode(requester: RequesterIdentity): string | undefined {
  const id = requester.organizationId?.trim();
  return id && ODS_CODE.test(id) ? id.toUpperCase() : undefined;
}
