/** `urn:oid:` prefix, added once. */
export function toUrnOid(oid: string): string {
  return oid.startsWith('urn:oid:') ? oid : `urn:oid:${oid}`;
}

/** Strips `urn:oid:` (any case) and surrounding space: the OID of a urn:oid: value, or the value itself when it is a bare OID. */
export function stripUrnOid(value: string): string {
  return value.trim().replace(/^urn:oid:/i, '');
}

/** A UUID as an OID under the 2.25 arc (ITU-T X.667): 2.25.<UUID as an unsigned decimal>. */
export function uuidToOid(uuid: string): string {
  const hex = uuid.replace(/^urn:uuid:/i, '').replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error('not a UUID');
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

/** Root of the NHS number (HL7 UK). */
export const NHS_NUMBER_OID = '2.16.840.1.113883.2.1.4.1';
/** Root of ODS organisation codes (HL7 UK). */
export const ODS_ORG_OID = '2.16.840.1.113883.2.1.4.3';
