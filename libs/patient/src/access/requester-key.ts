import type { RequesterIdentity } from '@gw/identity';

/**
 * Who owns patient ids and holds demographic matches: one organisation, named by its verified
 * XUA homeCommunityId, else its organization-id (`org:<id>`, urn:oid: spelled out). Without XUA
 * (source 'default') nothing about the caller is verified, so every such request is the one
 * implicit local requester (`local`). A verified assertion that names neither is `undefined`:
 * it can neither own ids nor be matched, so it is refused wherever that matters.
 */
export type RequesterKey = string;

export const LOCAL_REQUESTER: RequesterKey = 'local';

/** Longest organisation id kept as an owner (an assertion attribute is caller-supplied). */
const MAX_ORG_ID = 256;
// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
const OID = /^(urn:oid:)?([0-2](\.(0|[1-9]\d*))+)$/i;

/** The canonical spelling of an organisation id: OIDs as urn:oid:<oid>, anything else trimmed. */
export function organisationKey(id: string): RequesterKey | undefined {
  const v = id.trim();
  if (!v || v.length > MAX_ORG_ID) return undefined;
  const oid = OID.exec(v);
  return `org:${oid ? `urn:oid:${oid[2]}` : v}`;
}

export function requesterKeyOf(identity: RequesterIdentity): RequesterKey | undefined {
  if (identity.source === 'default') return LOCAL_REQUESTER;
  const id = identity.homeCommunityId?.trim() || identity.organizationId?.trim();
  return id ? organisationKey(id) : undefined;
}
