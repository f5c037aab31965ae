/**
 * ebXML Registry / XDS.b identifiers used by ITI-38/39 and ITI-18/43 (ITI TF-3 4.2, ebRIM/ebRS 3.0).
 * One place for every URN and UUID, so a swapped value shows up in one review and one test.
 */
export const NS = {
  query: 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0',
  rim: 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0',
  rs: 'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0',
  xdsb: 'urn:ihe:iti:xds-b:2007',
  xop: 'http://www.w3.org/2004/08/xop/include',
} as const;

export const XCA_ACTIONS = {
  query: 'urn:ihe:iti:2007:CrossGatewayQuery',
  queryResponse: 'urn:ihe:iti:2007:CrossGatewayQueryResponse',
  retrieve: 'urn:ihe:iti:2007:CrossGatewayRetrieve',
  retrieveResponse: 'urn:ihe:iti:2007:CrossGatewayRetrieveResponse',
} as const;

/** XDS.b document registry and repository actions (ITI-18 Registry Stored Query, ITI-43 Retrieve Document Set). */
export const XDSB_ACTIONS = {
  query: 'urn:ihe:iti:2007:RegistryStoredQuery',
  queryResponse: 'urn:ihe:iti:2007:RegistryStoredQueryResponse',
  retrieve: 'urn:ihe:iti:2007:RetrieveDocumentSet',
  retrieveResponse: 'urn:ihe:iti:2007:RetrieveDocumentSetResponse',
} as const;

export const RESPONSE_STATUS = {
  success: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success',
  partialSuccess: 'urn:ihe:iti:2007:ResponseStatusType:PartialSuccess',
  failure: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure',
} as const;
export type ResponseStatus = (typeof RESPONSE_STATUS)[keyof typeof RESPONSE_STATUS];

export const ERROR_SEVERITY = {
  error: 'urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error',
  warning: 'urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Warning',
} as const;

export const AVAILABILITY_STATUS = {
  approved: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved',
  deprecated: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated',
} as const;

/** DocumentEntry objectType values (ITI TF-3 4.2.5.2). */
export const ENTRY_TYPE = {
  stable: 'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1',
  onDemand: 'urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248',
} as const;

export const OBJECT_TYPE = {
  classification: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Classification',
  externalIdentifier: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:ExternalIdentifier',
} as const;

/** DocumentEntry classification schemes (ITI TF-3 Table 4.2.5.1-1 / 4.3.1-3). */
export const CLASSIFICATION_SCHEME = {
  author: 'urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d',
  classCode: 'urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a',
  confidentialityCode: 'urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f',
  eventCodeList: 'urn:uuid:2c6b8cb7-8b2a-4051-b291-b1ae6a575ef4',
  formatCode: 'urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d',
  healthcareFacilityTypeCode: 'urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1',
  practiceSettingCode: 'urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead',
  typeCode: 'urn:uuid:f0306f51-975f-434e-a61c-c59651d33983',
} as const;

export const EXTERNAL_IDENTIFIER_SCHEME = {
  patientId: 'urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427',
  uniqueId: 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab',
} as const;

/** The registry error codes this gateway emits (ITI TF-3 Table 4.2.4.1-2). */
export type RegistryErrorCode =
  | 'XDSUnknownPatientId'
  | 'XDSUnknownStoredQuery'
  | 'XDSStoredQueryMissingParam'
  | 'XDSStoredQueryParamNumber'
  | 'XDSTooManyResults'
  | 'XDSResultNotSinglePatient'
  | 'XDSRegistryError'
  | 'XDSRegistryBusy'
  | 'XDSRegistryOutOfResources'
  | 'XDSMissingHomeCommunityId'
  | 'XDSUnknownCommunity'
  | 'XDSDocumentUniqueIdError'
  | 'XDSUnknownRepositoryId'
  | 'XDSRepositoryError'
  | 'XDSRepositoryBusy'
  | 'XDSRepositoryOutOfResources';

/** SubmissionSet identifiers (ITI TF-3 Table 4.2.5.1-1, 4.2.3.3). */
export const SUBMISSION_SET = {
  classificationNode: 'urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd',
  author: 'urn:uuid:a7058bb9-b4e4-4307-ba5b-e3f0ab85e12d',
  contentTypeCode: 'urn:uuid:aa543740-bdda-424e-8c96-df4873be8500',
  patientId: 'urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446',
  uniqueId: 'urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8',
  sourceId: 'urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832',
} as const;

/** Association types (ITI TF-3 4.2.2). */
export const ASSOCIATION_TYPE = {
  hasMember: 'urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember',
  rplc: 'urn:ihe:iti:2007:AssociationType:RPLC',
  xfrm: 'urn:ihe:iti:2007:AssociationType:XFRM',
  apnd: 'urn:ihe:iti:2007:AssociationType:APND',
  xfrmRplc: 'urn:ihe:iti:2007:AssociationType:XFRM_RPLC',
  signs: 'urn:ihe:iti:2007:AssociationType:signs',
} as const;
export type AssociationType = (typeof ASSOCIATION_TYPE)[keyof typeof ASSOCIATION_TYPE];

export const REGISTRY_OBJECT_TYPE = {
  registryPackage: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage',
  association: 'urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Association',
} as const;
