import { parseXml } from '@gw/soap';
import { AVAILABILITY_STATUS, ENTRY_TYPE, RegistryErrorException, parseCodedValue, type DocumentEntryMetadata } from '../../xds';
import { parseAdhocQueryRequest } from './adhoc-query.request';
import { planStoredQuery, type StoredQueryPlan } from './stored-query.plan';
import { STORED_QUERIES } from './stored-queries.const';

const HOME = 'urn:oid:1.2.3.4';
const FIND = 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d';
const GET = 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4';
const PID = "'9690937286^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO'";

function request(id: string, slots: [string, string[]][], opts: { home?: string; returnType?: string | null } = {}): string {
  const rt =
    opts.returnType === null ? '' : `<query:ResponseOption returnType="${opts.returnType ?? 'LeafClass'}" returnComposedObjects="true"/>`;
  const s = slots
    .map(
      ([n, vs]) =>
        `<rim:Slot name="${n}"><rim:ValueList>${vs.map((v) => `<rim:Value>${v}</rim:Value>`).join('')}</rim:ValueList></rim:Slot>`,
    )
    .join('');
  return (
    `<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">` +
    `${rt}<rim:AdhocQuery id="${id}"${opts.home ? ` home="${opts.home}"` : ''}>${s}</rim:AdhocQuery></query:AdhocQueryRequest>`
  );
}

function plan(xml: string): StoredQueryPlan {
  return planStoredQuery(parseAdhocQueryRequest(parseXml(xml), { maxSlots: 100, maxValues: 1000 }), HOME);
}

function errorOf(xml: string): string {
  try {
    plan(xml);
  } catch (e) {
    if (e instanceof RegistryErrorException) return e.entry.code;
    throw e;
  }
  return 'none';
}

const base = (): [string, string[]][] => [
  ['$XDSDocumentEntryPatientId', [PID]],
  ['$XDSDocumentEntryStatus', [`('${AVAILABILITY_STATUS.approved}')`]],
];

function entry(over: Partial<DocumentEntryMetadata> = {}): DocumentEntryMetadata {
  return {
    entryUuid: 'urn:uuid:0b1e6d3c-1b0c-4a8b-9f5e-6c1e2d3f4a5b',
    uniqueId: '2.25.1',
    kind: 'stable',
    homeCommunityId: HOME,
    repositoryUniqueId: '1.2.3.4.5',
    mimeType: 'text/xml',
    patientId: 'x',
    sourcePatientId: 'x',
    languageCode: 'en-GB',
    creationTime: '20261201103000',
    serviceStartTime: '19800102',
    serviceStopTime: '20261201103000',
    classCode: parseCodedValue('34133-9|2.16.840.1.113883.6.1|S'),
    typeCode: parseCodedValue('34133-9|2.16.840.1.113883.6.1|S'),
    formatCode: parseCodedValue('urn:hl7-org:sdwg:ccda-structuredBody:2.1|1.3.6.1.4.1.19376.1.2.3|F'),
    confidentialityCodes: [parseCodedValue('N|2.16.840.1.113883.5.25|Normal')],
    healthcareFacilityTypeCode: parseCodedValue('264358009|2.16.840.1.113883.6.96|GP'),
    practiceSettingCode: parseCodedValue('394814009|2.16.840.1.113883.6.96|GP'),
    ...over,
  };
}

function matches(slots: [string, string[]][], e = entry()): boolean {
  const p = plan(request(FIND, [...base(), ...slots]));
  if (p.kind !== 'find') throw new Error('not find');
  return p.predicates.every((f) => f(e));
}

describe('stored query table', () => {
  it('holds the reference UUIDs for each query name', () => {
    const byName = Object.fromEntries(STORED_QUERIES.map((q) => [q.name, q.id]));
    expect(byName).toEqual({
      FindDocuments: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d',
      FindSubmissionSets: 'urn:uuid:f26abbcb-ac74-4422-8a30-edb644bbc1a9',
      FindFolders: 'urn:uuid:958f3006-baad-4929-a4de-ff1114824431',
      GetAll: 'urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3',
      GetDocuments: 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4',
      GetFolders: 'urn:uuid:5737b14c-8a1a-4539-b659-e03a34a5e1e4',
      GetAssociations: 'urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155',
      GetDocumentsAndAssociations: 'urn:uuid:bab9529a-4a10-40b3-a01f-f68a615d247a',
      GetSubmissionSets: 'urn:uuid:51224314-5390-4169-9b91-b1980040715a',
      GetSubmissionSetAndContents: 'urn:uuid:e8e3cb2c-e39c-46b9-99e4-c12f57260b83',
      GetFolderAndContents: 'urn:uuid:b909a503-523d-4517-8acf-8e5834dfc4c7',
      GetFoldersForDocument: 'urn:uuid:10cae35a-c7f9-4cf5-b61e-fc3278ffb578',
      GetRelatedDocuments: 'urn:uuid:d90e5407-b356-4d91-a89f-873917b4b0e6',
      FindDocumentsByReferenceId: 'urn:uuid:12941a89-e02e-4be5-967c-ce4bfc8fe492',
    });
  });
});

describe('ITI-38 request errors', () => {
  it.each([
    ['unknown query id', request('urn:uuid:00000000-0000-0000-0000-000000000000', base()), 'XDSUnknownStoredQuery'],
    ['FindDocuments without patient', request(FIND, [base()[1]]), 'XDSStoredQueryMissingParam'],
    ['FindDocuments without status', request(FIND, [base()[0]]), 'XDSStoredQueryMissingParam'],
    [
      'two patient ids in one slot',
      request(FIND, [['$XDSDocumentEntryPatientId', [`(${PID},${PID})`]], base()[1]]),
      'XDSStoredQueryParamNumber',
    ],
    ['patient id slot repeated', request(FIND, [...base(), ['$XDSDocumentEntryPatientId', [PID]]]), 'XDSStoredQueryParamNumber'],
    [
      'two creation times',
      request(FIND, [...base(), ['$XDSDocumentEntryCreationTimeFrom', ["'2020'", "'2021'"]]]),
      'XDSStoredQueryParamNumber',
    ],
    ['GetDocuments without home', request(GET, [['$XDSDocumentEntryUniqueId', ["'2.25.1'"]]]), 'XDSMissingHomeCommunityId'],
    [
      'GetDocuments foreign home',
      request(GET, [['$XDSDocumentEntryUniqueId', ["'2.25.1'"]]], { home: 'urn:oid:9.9.9' }),
      'XDSUnknownCommunity',
    ],
    ['FindDocuments foreign home', request(FIND, base(), { home: 'urn:oid:9.9.9' }), 'XDSUnknownCommunity'],
    [
      'GetDocuments both ids',
      request(
        GET,
        [
          ['$XDSDocumentEntryUniqueId', ["'2.25.1'"]],
          ['$XDSDocumentEntryEntryUUID', ["'urn:uuid:x'"]],
        ],
        { home: HOME },
      ),
      'XDSStoredQueryParamNumber',
    ],
    ['GetDocuments no ids', request(GET, [], { home: HOME }), 'XDSStoredQueryMissingParam'],
    ['no ResponseOption', request(FIND, base(), { returnType: null }), 'XDSRegistryError'],
    ['unsupported returnType', request(FIND, base(), { returnType: 'RegistryObject' }), 'XDSRegistryError'],
    ['unreadable patient id', request(FIND, [['$XDSDocumentEntryPatientId', ["'9690937286'"]], base()[1]]), 'XDSUnknownPatientId'],
  ])('%s → %s', (_name, xml, code) => {
    expect(errorOf(xml)).toBe(code);
  });

  it('empty ValueList for an optional parameter is absent', () => {
    const p = plan(request(FIND, [...base(), ['$XDSDocumentEntryClassCode', []]]));
    expect(p.kind).toBe('find');
  });

  it('accepts home as a bare OID and the lower-case query id in any case', () => {
    const p = plan(
      request(GET.toUpperCase().replace('URN:UUID:', 'urn:uuid:'), [['$XDSDocumentEntryUniqueId', ["('2.25.1','2.25.2')"]]], {
        home: '1.2.3.4',
      }),
    );
    expect(p).toEqual({ kind: 'get', query: 'GetDocuments', by: 'uniqueId', ids: ['2.25.1', '2.25.2'] });
  });

  it('ignored parameters become a warning, not silence', () => {
    const p = plan(request(FIND, [...base(), ['$XDSDocumentEntryBogus', ["'x'"]]]));
    expect(p.kind === 'find' && p.warnings.map((w) => w.severity)).toEqual(['warning']);
  });

  const SS_PID = "'9690937286^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO'";
  const APPROVED = `('${AVAILABILITY_STATUS.approved}')`;
  const UUID = "'urn:uuid:0b1e6d3c-1b0c-4a8b-9f5e-6c1e2d3f4a5b'";
  /** The least each query takes (ihe-transactions.md §5.1), and what it plans to. */
  it.each([
    [
      'FindSubmissionSets',
      'urn:uuid:f26abbcb-ac74-4422-8a30-edb644bbc1a9',
      [
        ['$XDSSubmissionSetPatientId', [SS_PID]],
        ['$XDSSubmissionSetStatus', [APPROVED]],
      ],
      'patient',
    ],
    [
      'FindFolders',
      'urn:uuid:958f3006-baad-4929-a4de-ff1114824431',
      [
        ['$XDSFolderPatientId', [SS_PID]],
        ['$XDSFolderStatus', [APPROVED]],
      ],
      'nothing',
    ],
    [
      'GetAll',
      'urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3',
      [
        ['$patientId', [SS_PID]],
        ['$XDSDocumentEntryStatus', [APPROVED]],
        ['$XDSSubmissionSetStatus', [APPROVED]],
        ['$XDSFolderStatus', [APPROVED]],
      ],
      'patient',
    ],
    ['GetFolders', 'urn:uuid:5737b14c-8a1a-4539-b659-e03a34a5e1e4', [['$XDSFolderEntryUUID', [UUID]]], 'nothing'],
    ['GetAssociations', 'urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155', [['$uuid', [UUID]]], 'uuid'],
    [
      'GetDocumentsAndAssociations',
      'urn:uuid:bab9529a-4a10-40b3-a01f-f68a615d247a',
      [['$XDSDocumentEntryUniqueId', ["'2.25.1'"]]],
      'document',
    ],
    ['GetSubmissionSets', 'urn:uuid:51224314-5390-4169-9b91-b1980040715a', [['$uuid', [UUID]]], 'uuid'],
    [
      'GetSubmissionSetAndContents',
      'urn:uuid:e8e3cb2c-e39c-46b9-99e4-c12f57260b83',
      [['$XDSSubmissionSetUniqueId', ["'2.25.7'"]]],
      'submissionSet',
    ],
    ['GetFolderAndContents', 'urn:uuid:b909a503-523d-4517-8acf-8e5834dfc4c7', [['$XDSFolderUniqueId', ["'2.25.7'"]]], 'nothing'],
    ['GetFoldersForDocument', 'urn:uuid:10cae35a-c7f9-4cf5-b61e-fc3278ffb578', [['$XDSDocumentEntryEntryUUID', [UUID]]], 'nothing'],
    [
      'GetRelatedDocuments',
      'urn:uuid:d90e5407-b356-4d91-a89f-873917b4b0e6',
      [
        ['$XDSDocumentEntryEntryUUID', [UUID]],
        ['$AssociationTypes', ["('urn:ihe:iti:2007:AssociationType:RPLC')"]],
      ],
      'document',
    ],
  ] as [string, string, [string, string[]][], string][])(
    '%s is served: its least request plans, anchored by %s',
    (name, id, slots, anchor) => {
      const p = plan(request(id, slots, { home: HOME }));
      expect(p).toMatchObject({ kind: 'registry', query: name, anchor: { by: anchor }, warnings: [] });
      // Dropping any one required parameter is XDSStoredQueryMissingParam.
      for (let i = 0; i < slots.length; i++) {
        expect(
          errorOf(
            request(
              id,
              slots.filter((_, j) => j !== i),
              { home: HOME },
            ),
          ),
        ).toBe('XDSStoredQueryMissingParam');
      }
    },
  );

  it('FindDocumentsByReferenceId needs the reference id list and matches no GP record document', () => {
    const id = 'urn:uuid:12941a89-e02e-4be5-967c-ce4bfc8fe492';
    expect(errorOf(request(id, base()))).toBe('XDSStoredQueryMissingParam');
    const p = plan(request(id, [...base(), ['$XDSDocumentEntryReferenceIdList', ["('123^^^&amp;1.2.3&amp;ISO')"]]]));
    expect(p.kind === 'find' && p.predicates.every((f) => f(entry()))).toBe(false);
  });

  it.each([
    ['GetSubmissionSetAndContents', 'urn:uuid:e8e3cb2c-e39c-46b9-99e4-c12f57260b83', '$XDSSubmissionSetEntryUUID'],
    ['GetFoldersForDocument', 'urn:uuid:10cae35a-c7f9-4cf5-b61e-fc3278ffb578', '$XDSDocumentEntryEntryUUID'],
    ['GetRelatedDocuments', 'urn:uuid:d90e5407-b356-4d91-a89f-873917b4b0e6', '$XDSDocumentEntryEntryUUID'],
  ])('%s takes one object: two ids are XDSStoredQueryParamNumber', (_name, id, param) => {
    const two = "('urn:uuid:0b1e6d3c-1b0c-4a8b-9f5e-6c1e2d3f4a5b','urn:uuid:1b1e6d3c-1b0c-4a8b-9f5e-6c1e2d3f4a5b')";
    expect(
      errorOf(
        request(
          id,
          [
            [param, [two]],
            ['$AssociationTypes', ["('RPLC')"]],
          ],
          { home: HOME },
        ),
      ),
    ).toBe('XDSStoredQueryParamNumber');
  });

  it('queries by object id need @home; GetAll and FindSubmissionSets (by patient) do not', () => {
    expect(errorOf(request('urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155', [['$uuid', [UUID]]]))).toBe('XDSMissingHomeCommunityId');
    expect(STORED_QUERIES.filter((q) => !q.needsHome).map((q) => q.name)).toEqual([
      'FindDocuments',
      'FindDocumentsByReferenceId',
      'FindSubmissionSets',
      'FindFolders',
      'GetAll',
    ]);
  });
});

describe('FindDocuments filters', () => {
  it('returns Stable only when no entry type is asked for', () => {
    expect(matches([])).toBe(true);
    expect(matches([], entry({ kind: 'on-demand' }))).toBe(false);
    expect(matches([['$XDSDocumentEntryType', [`('${ENTRY_TYPE.onDemand}')`]]], entry({ kind: 'on-demand' }))).toBe(true);
    expect(matches([['$XDSDocumentEntryType', [`('${ENTRY_TYPE.onDemand}')`]]])).toBe(false);
    expect(matches([['$XDSDocumentEntryType', [`('${ENTRY_TYPE.stable}','${ENTRY_TYPE.onDemand}')`]]])).toBe(true);
  });

  it('Deprecated only matches nothing', () => {
    const p = plan(request(FIND, [base()[0], ['$XDSDocumentEntryStatus', [`('${AVAILABILITY_STATUS.deprecated}')`]]]));
    expect(p.kind === 'find' && p.predicates.every((f) => f(entry()))).toBe(false);
  });

  it('codes: OR within a slot, AND across slots, scheme optional', () => {
    expect(matches([['$XDSDocumentEntryClassCode', ["('34133-9^^2.16.840.1.113883.6.1')"]]])).toBe(true);
    expect(matches([['$XDSDocumentEntryClassCode', ["('11488-4^^2.16.840.1.113883.6.1','34133-9^^2.16.840.1.113883.6.1')"]]])).toBe(true);
    expect(matches([['$XDSDocumentEntryClassCode', ["('34133-9^^1.2.3')"]]])).toBe(false);
    expect(matches([['$XDSDocumentEntryTypeCode', ["('34133-9')"]]])).toBe(true);
    expect(matches([['$XDSDocumentEntryFormatCode', ["('urn:hl7-org:sdwg:ccda-structuredBody:2.1^^1.3.6.1.4.1.19376.1.2.3')"]]])).toBe(
      true,
    );
    expect(matches([['$XDSDocumentEntryFormatCode', ["('urn:hl7-org:sdwg:ccda-structuredBody:1.1^^1.3.6.1.4.1.19376.1.2.3')"]]])).toBe(
      false,
    );
    expect(
      matches([
        ['$XDSDocumentEntryConfidentialityCode', ["('N^^2.16.840.1.113883.5.25')"]],
        ['$XDSDocumentEntryConfidentialityCode', ["('R^^2.16.840.1.113883.5.25')"]],
      ]),
    ).toBe(false);
    expect(matches([['$XDSDocumentEntryPracticeSettingCode', ["('394814009^^2.16.840.1.113883.6.96')"]]])).toBe(true);
    expect(matches([['$XDSDocumentEntryHealthcareFacilityTypeCode', ["('264358009^^2.16.840.1.113883.6.96')"]]])).toBe(true);
    expect(matches([['$XDSDocumentEntryEventCodeList', ["('x^^y')"]]])).toBe(false);
  });

  it('times: From inclusive, To exclusive, any precision', () => {
    expect(matches([['$XDSDocumentEntryCreationTimeFrom', ["'20261201103000'"]]])).toBe(true);
    expect(matches([['$XDSDocumentEntryCreationTimeTo', ["'20261201103000'"]]])).toBe(false);
    expect(
      matches([
        ['$XDSDocumentEntryCreationTimeFrom', ['2026']],
        ['$XDSDocumentEntryCreationTimeTo', ['2027']],
      ]),
    ).toBe(true);
    expect(matches([['$XDSDocumentEntryServiceStartTimeTo', ["'1980'"]]])).toBe(false);
    expect(matches([['$XDSDocumentEntryServiceStartTimeFrom', ["'19800101'"]]])).toBe(true);
    expect(matches([['$XDSDocumentEntryServiceStopTimeFrom', ["'20270101'"]]])).toBe(false);
    expect(matches([['$XDSDocumentEntryServiceStopTimeFrom', ["'2026'"]]], entry({ serviceStopTime: undefined }))).toBe(false);
  });

  it('creation-time window: the On-Demand entry has no creationTime and is not excluded by one; the Stable snapshot is', () => {
    const window: [string, string[]][] = [
      ['$XDSDocumentEntryType', [`('${ENTRY_TYPE.stable}','${ENTRY_TYPE.onDemand}')`]],
      ['$XDSDocumentEntryCreationTimeFrom', ["'20180101'"]],
      ['$XDSDocumentEntryCreationTimeTo', ["'20231201'"]],
    ];
    expect(matches(window)).toBe(false);
    expect(matches(window, entry({ kind: 'on-demand', creationTime: undefined, serviceStopTime: undefined }))).toBe(true);
    // A time the On-Demand entry does carry still applies.
    const serviceBefore: [string, string[]] = ['$XDSDocumentEntryServiceStartTimeTo', ["'1970'"]];
    expect(matches([window[0], serviceBefore], entry({ kind: 'on-demand', creationTime: undefined }))).toBe(false);
    expect(
      matches([window[0], ['$XDSDocumentEntryServiceStopTimeFrom', ["'2020'"]]], entry({ kind: 'on-demand', serviceStopTime: undefined })),
    ).toBe(true);
  });

  it('status: a replaced (Deprecated) snapshot matches Deprecated only', () => {
    const deprecated = entry({ status: 'deprecated' });
    expect(matches([], deprecated)).toBe(false);
    const p = plan(request(FIND, [base()[0], ['$XDSDocumentEntryStatus', [`('${AVAILABILITY_STATUS.deprecated}')`]]]));
    expect(p.kind === 'find' && p.predicates.every((f) => f(deprecated))).toBe(true);
  });

  it('author person uses LIKE and needs a person', () => {
    expect(matches([['$XDSDocumentEntryAuthorPerson', ["('%Smith%')"]]])).toBe(false);
    expect(
      matches([['$XDSDocumentEntryAuthorPerson', ["('%Smith%')"]]], entry({ author: { institutions: [], person: '^Smith^John' } })),
    ).toBe(true);
  });
});
