import type { CodedValue } from './coded-value';

/**
 * XDSDocumentEntry metadata as the gateway publishes it (ITI TF-3 Table 4.3.1-3). Times are XDS DTM
 * in UTC; ids are canonical (entryUuid `urn:uuid:…`, uniqueId an OID, homeCommunityId `urn:oid:…`).
 */
export interface DocumentEntryAuthor {
  /** XON values, e.g. `COXWOLD SURGERY^^^^^&2.16.840.1.113883.2.1.4.3&ISO^^^^B82617`. */
  institutions: string[];
  /** XCN, when a person is known. */
  person?: string;
  roles?: string[];
  specialties?: string[];
}

export interface DocumentEntryMetadata {
  entryUuid: string;
  uniqueId: string;
  kind: 'stable' | 'on-demand';
  /** availabilityStatus; absent = Approved. A snapshot replaced by a newer one (RPLC) is Deprecated. */
  status?: 'approved' | 'deprecated';
  homeCommunityId: string;
  repositoryUniqueId: string;
  mimeType: string;
  /** CX in our domain; the same root and value as ITI-55 returned. */
  patientId: string;
  sourcePatientId: string;
  languageCode: string;
  title?: string;
  /** Stable only. */
  creationTime?: string;
  /** Stable only: SHA-1 hex and byte length of the exact bytes ITI-39 returns. */
  hash?: string;
  size?: number;
  serviceStartTime?: string;
  serviceStopTime?: string;
  author?: DocumentEntryAuthor;
  classCode: CodedValue;
  typeCode: CodedValue;
  formatCode: CodedValue;
  confidentialityCodes: CodedValue[];
  healthcareFacilityTypeCode: CodedValue;
  practiceSettingCode: CodedValue;
}
