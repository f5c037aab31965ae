/** A parsed HL7 v2 CX patient identifier: `id^^^namespace&universalId&universalIdType`. */
export interface CxIdentifier {
  id: string;
  /** Assigning authority universal id (OID, without `urn:oid:`). */
  authority: string;
  authorityType: string;
}

/**
 * Parses a CX leniently: `urn:oid:` on the authority and a literal `&amp;` are accepted, and a missing universalIdType is
 * taken as ISO when the authority is an OID. Returns undefined when no id or authority can be read.
 * The assigning authority is never guessed from the id.
 */
export function parseCx(value: string): CxIdentifier | undefined {
  // `&amp;` left literal by a double-escaping sender means `&` (seen in US gateway traffic).
  const comps = value.trim().replace(/&amp;/gi, '&').split('^');
  const id = comps[0]?.trim();
  const aa = comps[3]?.split('&') ?? [];
  const authority = (aa[1] ?? '').trim().replace(/^urn:oid:/i, '');
  if (!id || !authority) return undefined;
  // eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
  const type = (aa[2] ?? '').trim() || (/^\d+(\.\d+)+$/.test(authority) ? 'ISO' : '');
  return { id, authority, authorityType: type };
}

/** HL7 v2 CX with an ISO assigning authority: id^^^&OID&ISO. */
export function toCx(id: string, assigningAuthorityOid: string): string {
  return `${id}^^^&${assigningAuthorityOid}&ISO`;
}

/** HL7 v2 XON for an organisation with an ISO-identified id: Name^^^^^&OID&ISO^^^^id. */
export function toXon(name: string, oid: string, id: string): string {
  return `${name.replace(/[\^&~|\\]/g, ' ')}^^^^^&${oid}&ISO^^^^${id}`;
}
