/**
 * Registry stored queries (ITI TF-2 3.18.4.1.2.3.7) with their UUIDs and required parameters.
 * Kept as one table and unit-tested against the reference list: a widely used gateway shipped
 * swapped UUIDs. `xor` pairs are "exactly one of" requirements.
 */
export interface StoredQueryDefinition {
  name: string;
  id: string;
  required: string[];
  xor: [string, string][];
  /** True when the query carries no patient id, so AdhocQuery/@home is required in XCA. */
  needsHome: boolean;
}

function def(name: string, id: string, required: string[], xor: [string, string][] = []): StoredQueryDefinition {
  const hasPatient = required.some((p) => /PatientId$|^\$patientId$/.test(p));
  return { name, id, required, xor, needsHome: !hasPatient };
}

const DE_UUID_OR_UID: [string, string] = ['$XDSDocumentEntryEntryUUID', '$XDSDocumentEntryUniqueId'];

export const STORED_QUERIES: readonly StoredQueryDefinition[] = [
  def('FindDocuments', 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d', ['$XDSDocumentEntryPatientId', '$XDSDocumentEntryStatus']),
  def('FindSubmissionSets', 'urn:uuid:f26abbcb-ac74-4422-8a30-edb644bbc1a9', ['$XDSSubmissionSetPatientId', '$XDSSubmissionSetStatus']),
  def('FindFolders', 'urn:uuid:958f3006-baad-4929-a4de-ff1114824431', ['$XDSFolderPatientId', '$XDSFolderStatus']),
  def('GetAll', 'urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3', [
    '$patientId',
    '$XDSDocumentEntryStatus',
    '$XDSSubmissionSetStatus',
    '$XDSFolderStatus',
  ]),
  def('GetDocuments', 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4', [], [DE_UUID_OR_UID]),
  def('GetFolders', 'urn:uuid:5737b14c-8a1a-4539-b659-e03a34a5e1e4', [], [['$XDSFolderEntryUUID', '$XDSFolderUniqueId']]),
  def('GetAssociations', 'urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155', ['$uuid']),
  def('GetDocumentsAndAssociations', 'urn:uuid:bab9529a-4a10-40b3-a01f-f68a615d247a', [], [DE_UUID_OR_UID]),
  def('GetSubmissionSets', 'urn:uuid:51224314-5390-4169-9b91-b1980040715a', ['$uuid']),
  def(
    'GetSubmissionSetAndContents',
    'urn:uuid:e8e3cb2c-e39c-46b9-99e4-c12f57260b83',
    [],
    [['$XDSSubmissionSetEntryUUID', '$XDSSubmissionSetUniqueId']],
  ),
  def('GetFolderAndContents', 'urn:uuid:b909a503-523d-4517-8acf-8e5834dfc4c7', [], [['$XDSFolderEntryUUID', '$XDSFolderUniqueId']]),
  def('GetFoldersForDocument', 'urn:uuid:10cae35a-c7f9-4cf5-b61e-fc3278ffb578', [], [DE_UUID_OR_UID]),
  def('GetRelatedDocuments', 'urn:uuid:d90e5407-b356-4d91-a89f-873917b4b0e6', ['$AssociationTypes'], [DE_UUID_OR_UID]),
  def('FindDocumentsByReferenceId', 'urn:uuid:12941a89-e02e-4be5-967c-ce4bfc8fe492', [
    '$XDSDocumentEntryPatientId',
    '$XDSDocumentEntryStatus',
    '$XDSDocumentEntryReferenceIdList',
  ]),
];

export const STORED_QUERY_IDS = {
  findDocuments: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d',
  getDocuments: 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4',
} as const;

/** Case-insensitive lookup: UUIDs are sometimes sent upper-case. */
export function findStoredQuery(id: string): StoredQueryDefinition | undefined {
  const wanted = id.trim().toLowerCase();
  return STORED_QUERIES.find((q) => q.id === wanted);
}

/**
 * Parameters of FindDocuments that take exactly one value (ITI TF-2 Table 3.18.4.1.2.3.7.1-1);
 * the others are lists and may repeat (several Slots = AND, several values = OR).
 */
export const FIND_DOCUMENTS_SINGLE_VALUED = [
  '$XDSDocumentEntryPatientId',
  '$XDSDocumentEntryCreationTimeFrom',
  '$XDSDocumentEntryCreationTimeTo',
  '$XDSDocumentEntryServiceStartTimeFrom',
  '$XDSDocumentEntryServiceStartTimeTo',
  '$XDSDocumentEntryServiceStopTimeFrom',
  '$XDSDocumentEntryServiceStopTimeTo',
  '$MetadataLevel',
] as const;
