/**
 * Registry stored queries (ITI TF-2 3.18.4.1.2.3.7) as one declarative table, as IPF keeps them:
 * per query its UUID, every parameter it takes with its cardinality (one value, or a list: several
 * values OR, several Slots AND) and whether it is required, the "exactly one of" pairs, and which
 * kinds of registry object it returns. Parsing, validation and planning read this table only; it is
 * unit-tested against the reference list, because a widely used gateway shipped swapped UUIDs.
 * Every query answers LeafClass (full objects) or ObjectRef (references), as ResponseOption asks.
 */
export type StoredQueryName =
  | 'FindDocuments'
  | 'FindDocumentsByReferenceId'
  | 'FindSubmissionSets'
  | 'FindFolders'
  | 'GetAll'
  | 'GetDocuments'
  | 'GetFolders'
  | 'GetAssociations'
  | 'GetDocumentsAndAssociations'
  | 'GetSubmissionSets'
  | 'GetSubmissionSetAndContents'
  | 'GetFolderAndContents'
  | 'GetFoldersForDocument'
  | 'GetRelatedDocuments';

export type RegistryObjectKind = 'DocumentEntry' | 'SubmissionSet' | 'Folder' | 'Association';

/** `one`: a single value (XDSStoredQueryParamNumber otherwise); `list`: any number of values and Slots. */
export interface ParamRule {
  card: 'one' | 'list';
  required?: true;
}

export interface StoredQueryDefinition {
  name: StoredQueryName;
  id: string;
  params: Readonly<Record<string, ParamRule>>;
  /** Required parameters (derived from `params`). */
  required: readonly string[];
  /** Pairs of which exactly one must be given. */
  xor: readonly (readonly [string, string])[];
  returns: readonly RegistryObjectKind[];
  /** True when the query carries no patient id, so AdhocQuery/@home is required in XCA. */
  needsHome: boolean;
}

const R1: ParamRule = { card: 'one', required: true };
const RL: ParamRule = { card: 'list', required: true };
const O1: ParamRule = { card: 'one' };
const OL: ParamRule = { card: 'list' };

const DE = '$XDSDocumentEntry';
const DE_ID_LIST = { [`${DE}EntryUUID`]: OL, [`${DE}UniqueId`]: OL };
const DE_ID_ONE = { [`${DE}EntryUUID`]: O1, [`${DE}UniqueId`]: O1 };
const DE_ID_XOR = [`${DE}EntryUUID`, `${DE}UniqueId`] as const;
const FOLDER_ID_XOR = ['$XDSFolderEntryUUID', '$XDSFolderUniqueId'] as const;
/** The document filters of the "…AndContents" and GetAll queries. */
const CONTENT_FILTERS = { [`${DE}FormatCode`]: OL, [`${DE}ConfidentialityCode`]: OL, [`${DE}Type`]: OL };
const METADATA_LEVEL = { $MetadataLevel: O1 };

const FIND_DOCUMENTS_PARAMS: Record<string, ParamRule> = {
  [`${DE}PatientId`]: R1,
  [`${DE}Status`]: RL,
  [`${DE}Type`]: OL,
  [`${DE}ClassCode`]: OL,
  [`${DE}TypeCode`]: OL,
  [`${DE}PracticeSettingCode`]: OL,
  [`${DE}HealthcareFacilityTypeCode`]: OL,
  [`${DE}EventCodeList`]: OL,
  [`${DE}ConfidentialityCode`]: OL,
  [`${DE}FormatCode`]: OL,
  [`${DE}AuthorPerson`]: OL,
  [`${DE}CreationTimeFrom`]: O1,
  [`${DE}CreationTimeTo`]: O1,
  [`${DE}ServiceStartTimeFrom`]: O1,
  [`${DE}ServiceStartTimeTo`]: O1,
  [`${DE}ServiceStopTimeFrom`]: O1,
  [`${DE}ServiceStopTimeTo`]: O1,
  ...METADATA_LEVEL,
};

function def(
  name: StoredQueryName,
  id: string,
  returns: RegistryObjectKind[],
  params: Record<string, ParamRule>,
  xor: (readonly [string, string])[] = [],
): StoredQueryDefinition {
  const required = Object.keys(params).filter((p) => params[p].required);
  const needsHome = !required.some((p) => /PatientId$|^\$patientId$/.test(p));
  return { name, id, params, required, xor, returns, needsHome };
}

export const STORED_QUERIES: readonly StoredQueryDefinition[] = [
  def('FindDocuments', 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d', ['DocumentEntry'], FIND_DOCUMENTS_PARAMS),
  def('FindDocumentsByReferenceId', 'urn:uuid:12941a89-e02e-4be5-967c-ce4bfc8fe492', ['DocumentEntry'], {
    ...FIND_DOCUMENTS_PARAMS,
    [`${DE}ReferenceIdList`]: RL,
  }),
  def('FindSubmissionSets', 'urn:uuid:f26abbcb-ac74-4422-8a30-edb644bbc1a9', ['SubmissionSet'], {
    $XDSSubmissionSetPatientId: R1,
    $XDSSubmissionSetStatus: RL,
    $XDSSubmissionSetSourceId: OL,
    $XDSSubmissionSetSubmissionTimeFrom: O1,
    $XDSSubmissionSetSubmissionTimeTo: O1,
    $XDSSubmissionSetAuthorPerson: O1,
    $XDSSubmissionSetContentType: OL,
  }),
  def('FindFolders', 'urn:uuid:958f3006-baad-4929-a4de-ff1114824431', ['Folder'], {
    $XDSFolderPatientId: R1,
    $XDSFolderStatus: RL,
    $XDSFolderLastUpdateTimeFrom: O1,
    $XDSFolderLastUpdateTimeTo: O1,
    $XDSFolderCodeList: OL,
    ...METADATA_LEVEL,
  }),
  def('GetAll', 'urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3', ['SubmissionSet', 'DocumentEntry', 'Folder', 'Association'], {
    $patientId: R1,
    [`${DE}Status`]: RL,
    $XDSSubmissionSetStatus: RL,
    $XDSFolderStatus: RL,
    ...CONTENT_FILTERS,
    ...METADATA_LEVEL,
  }),
  def('GetDocuments', 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4', ['DocumentEntry'], { ...DE_ID_LIST, ...METADATA_LEVEL }, [
    DE_ID_XOR,
  ]),
  def(
    'GetFolders',
    'urn:uuid:5737b14c-8a1a-4539-b659-e03a34a5e1e4',
    ['Folder'],
    { $XDSFolderEntryUUID: OL, $XDSFolderUniqueId: OL, ...METADATA_LEVEL },
    [FOLDER_ID_XOR],
  ),
  def('GetAssociations', 'urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155', ['Association'], { $uuid: RL, ...METADATA_LEVEL }),
  def(
    'GetDocumentsAndAssociations',
    'urn:uuid:bab9529a-4a10-40b3-a01f-f68a615d247a',
    ['DocumentEntry', 'Association'],
    { ...DE_ID_LIST, ...METADATA_LEVEL },
    [DE_ID_XOR],
  ),
  def('GetSubmissionSets', 'urn:uuid:51224314-5390-4169-9b91-b1980040715a', ['SubmissionSet', 'Association'], { $uuid: RL }),
  def(
    'GetSubmissionSetAndContents',
    'urn:uuid:e8e3cb2c-e39c-46b9-99e4-c12f57260b83',
    ['SubmissionSet', 'DocumentEntry', 'Folder', 'Association'],
    { $XDSSubmissionSetEntryUUID: O1, $XDSSubmissionSetUniqueId: O1, ...CONTENT_FILTERS, ...METADATA_LEVEL },
    [['$XDSSubmissionSetEntryUUID', '$XDSSubmissionSetUniqueId']],
  ),
  def(
    'GetFolderAndContents',
    'urn:uuid:b909a503-523d-4517-8acf-8e5834dfc4c7',
    ['Folder', 'DocumentEntry', 'Association'],
    { $XDSFolderEntryUUID: O1, $XDSFolderUniqueId: O1, ...CONTENT_FILTERS, ...METADATA_LEVEL },
    [FOLDER_ID_XOR],
  ),
  def('GetFoldersForDocument', 'urn:uuid:10cae35a-c7f9-4cf5-b61e-fc3278ffb578', ['Folder'], { ...DE_ID_ONE, ...METADATA_LEVEL }, [
    DE_ID_XOR,
  ]),
  def(
    'GetRelatedDocuments',
    'urn:uuid:d90e5407-b356-4d91-a89f-873917b4b0e6',
    ['DocumentEntry', 'Association'],
    { ...DE_ID_ONE, $AssociationTypes: RL, [`${DE}Type`]: OL, ...METADATA_LEVEL },
    [DE_ID_XOR],
  ),
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

/** Parameters of FindDocuments that take exactly one value (ITI TF-2 Table 3.18.4.1.2.3.7.1-1). */
export const FIND_DOCUMENTS_SINGLE_VALUED = Object.keys(FIND_DOCUMENTS_PARAMS).filter((p) => FIND_DOCUMENTS_PARAMS[p].card === 'one');
