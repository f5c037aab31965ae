/**
 * Who is asking, as far as the gateway knows: from the XUA SAML assertion when one was sent and
 * accepted, otherwise from configured defaults. Flows to the GP Connect JWT
 * (requesting_organization / requesting_practitioner) and to the audit record.
 */
export interface RequesterIdentity {
  /** XUA subject-id (a person's name or user id). */
  subjectId?: string;
  /** XUA subject:organization (name). */
  organization?: string;
  /** XUA subject:organization-id (often an OID or urn:oid:…; an ODS code when the partner has one). */
  organizationId?: string;
  /** XUA homeCommunityId of the initiating gateway (urn:oid:…). */
  homeCommunityId?: string;
  /** XUA subject:role code (e.g. SNOMED CT) with its display when present. */
  role?: { code: string; codeSystem?: string; displayName?: string };
  /** XUA purposeofuse (or Epic's PurposeForUse) code. */
  purposeOfUse?: { code: string; codeSystem?: string; displayName?: string };
  /**
   * XUA resource-id: the patient (HL7 v2 CX, e.g. `9690937278^^^&2.16.840.1.113883.2.1.4.1&ISO`)
   * the assertion was issued for. When present, a transaction must not disclose another patient.
   */
  resourceId?: string;
  /** The partner profile the request was matched to (XUA_PARTNERS_FILE), when partner profiles are on. */
  partner?: string;
  /** Where the identity came from. */
  source: 'saml' | 'default';
}
