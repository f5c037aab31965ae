import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { matchPatient, NHS_NUMBER_OID } from '../support/patient-match';
import { soapRequest } from '../support/soap-messages';

const QUERY = 'urn:ihe:iti:2007:CrossGatewayQuery';
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const ADMIN_KEY = 'xca-stored-queries-admin-key-0123456789';
const STABLE = 'urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1';
const ON_DEMAND = 'urn:uuid:34268e47-fdf5-41a6-ba33-82133c465248';
const APPROVED = 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved';
const DEPRECATED = 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated';
const HAS_MEMBER = 'urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember';
const RPLC = 'urn:ihe:iti:2007:AssociationType:RPLC';
const XFRM = 'urn:ihe:iti:2007:AssociationType:XFRM';
const SS_UNIQUE_ID = 'urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8';

const Q = {
  FindDocuments: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d',
  FindSubmissionSets: 'urn:uuid:f26abbcb-ac74-4422-8a30-edb644bbc1a9',
  FindFolders: 'urn:uuid:958f3006-baad-4929-a4de-ff1114824431',
  GetAll: 'urn:uuid:10b545ea-725c-446d-9b95-8aeb444eddf3',
  GetFolders: 'urn:uuid:5737b14c-8a1a-4539-b659-e03a34a5e1e4',
  GetAssociations: 'urn:uuid:a7ae438b-4bc2-4642-93e9-be891f7bb155',
  GetDocumentsAndAssociations: 'urn:uuid:bab9529a-4a10-40b3-a01f-f68a615d247a',
  GetSubmissionSets: 'urn:uuid:51224314-5390-4169-9b91-b1980040715a',
  GetSubmissionSetAndContents: 'urn:uuid:e8e3cb2c-e39c-46b9-99e4-c12f57260b83',
  GetFolderAndContents: 'urn:uuid:b909a503-523d-4517-8acf-8e5834dfc4c7',
  GetFoldersForDocument: 'urn:uuid:10cae35a-c7f9-4cf5-b61e-fc3278ffb578',
  GetRelatedDocuments: 'urn:uuid:d90e5407-b356-4d91-a89f-873917b4b0e6',
} as const;

type Slots = [string, string][];
const pid = (nhs: string) => `'${nhs}^^^&amp;${NHS_NUMBER_OID}&amp;ISO'`;
const list = (...v: string[]) => `(${v.map((x) => `'${x}'`).join(',')})`;

/** An AdhocQueryRequest as initiating gateways send it (one Value per Slot, quoted). */
function adhoc(id: string, slots: Slots, opts: { returnType?: string; home?: boolean } = {}): string {
  const s = slots.map(([n, v]) => `<rim:Slot name="${n}"><rim:ValueList><rim:Value>${v}</rim:Value></rim:ValueList></rim:Slot>`).join('');
  return (
    `<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">` +
    `<query:ResponseOption returnType="${opts.returnType ?? 'LeafClass'}" returnComposedObjects="true"/>` +
    `<rim:AdhocQuery id="${id}"${opts.home === false ? '' : ` home="${HOME}"`}>${s}</rim:AdhocQuery></query:AdhocQueryRequest>`
  );
}

const ids = (xml: string, element: string) => [...xml.matchAll(new RegExp(`<rim:${element} id="([^"]+)"`, 'g'))].map((m) => m[1]);
const associations = (xml: string) =>
  [...xml.matchAll(/<rim:Association [^>]*associationType="([^"]+)" sourceObject="([^"]+)" targetObject="([^"]+)"/g)].map((m) => ({
    type: m[1],
    source: m[2],
    target: m[3],
  }));
const errorCodes = (xml: string) => [...xml.matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1]);
const statusOf = (xml: string, entryUuid: string) =>
  new RegExp(`<rim:ExtrinsicObject id="${entryUuid}"[^>]* status="([^"]+)"`).exec(xml)?.[1];
const EMPTY = '<rim:RegistryObjectList/>';

describe('ITI-38 registry stored queries over HTTP: every query answered from the patient’s SubmissionSets, entries and associations, valid under validate.sh --strict', () => {
  let gw: StartedGateway;
  const NHS = '9690937286';
  const OTHER = '9690937278';
  let current: string; // the current snapshot's entryUUID
  let replaced: string; // the snapshot it replaced
  let onDemand: string;
  let currentUniqueId: string;

  async function query(payload: string): Promise<string> {
    const res = await fetch(`${gw.url}/SOAP/iti38`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest(QUERY, payload),
    });
    expect(res.status).toBe(200);
    const xml = await res.text();
    const v = await validateIhe(xml, { strict: true });
    if (!v.ok) throw new Error(v.output);
    return xml;
  }

  const admin = (path: string, method = 'GET') =>
    fetch(`${gw.url}/admin/documents/${path}`, { method, headers: { authorization: `Bearer ${ADMIN_KEY}` } });

  beforeAll(async () => {
    gw = await startGateway({ ADMIN_API_KEY: ADMIN_KEY, XCA_UPSTREAM_DEADLINE_MS: '5000' });
    expect(await matchPatient(gw.url, NHS)).toContain('<queryResponseCode code="OK"/>');
    const first = await query(
      adhoc(Q.FindDocuments, [
        ['$XDSDocumentEntryPatientId', pid(NHS)],
        ['$XDSDocumentEntryStatus', list(APPROVED)],
        ['$XDSDocumentEntryType', list(STABLE, ON_DEMAND)],
      ]),
    );
    [replaced, onDemand] = ids(first, 'ExtrinsicObject');
    // A newer snapshot replaces the first one.
    expect((await admin(`patients/${NHS}/refresh`, 'POST')).status).toBe(200);
    const held = (await (await admin(`patients/${NHS}`)).json()) as {
      documents: { entryUuid: string; uniqueId: string; current: boolean }[];
    };
    const now = held.documents.find((d) => d.current)!;
    current = now.entryUuid;
    currentUniqueId = now.uniqueId;
    expect(current).not.toBe(replaced);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('GetAll: both snapshots (the replaced one Deprecated), their SubmissionSets, HasMember and RPLC', async () => {
    const xml = await query(
      adhoc(
        Q.GetAll,
        [
          ['$patientId', pid(NHS)],
          ['$XDSDocumentEntryStatus', list(APPROVED, DEPRECATED)],
          ['$XDSSubmissionSetStatus', list(APPROVED)],
          ['$XDSFolderStatus', list(APPROVED)],
        ],
        { home: false },
      ),
    );
    expect(xml).toContain('ResponseStatusType:Success');
    expect(ids(xml, 'ExtrinsicObject')).toEqual([current, replaced]);
    expect(statusOf(xml, current)).toBe(APPROVED);
    expect(statusOf(xml, replaced)).toBe(DEPRECATED);
    // One SubmissionSet per snapshot and one for the On-Demand entry (not returned: Stable only by default).
    expect(ids(xml, 'RegistryPackage')).toHaveLength(3);
    const a = associations(xml);
    expect(a.filter((x) => x.type === HAS_MEMBER).map((x) => x.target)).toEqual([current, replaced]);
    expect(a.filter((x) => x.type === RPLC)).toEqual([{ type: RPLC, source: current, target: replaced }]);
    expect(a.some((x) => x.target === onDemand)).toBe(false);

    const refs = await query(
      adhoc(
        Q.GetAll,
        [
          ['$patientId', pid(NHS)],
          ['$XDSDocumentEntryStatus', list(APPROVED)],
          ['$XDSSubmissionSetStatus', list(APPROVED)],
          ['$XDSFolderStatus', list(APPROVED)],
        ],
        { home: false, returnType: 'ObjectRef' },
      ),
    );
    expect(refs).not.toContain('<rim:ExtrinsicObject');
    // Approved only: the current snapshot, 3 SubmissionSets, the HasMember between them.
    expect(ids(refs, 'ObjectRef')).toHaveLength(5);
    expect(ids(refs, 'ObjectRef')).toContain(current);
  });

  it('FindSubmissionSets, GetSubmissionSets and GetSubmissionSetAndContents (by entryUUID and by uniqueId) agree', async () => {
    const found = await query(
      adhoc(
        Q.FindSubmissionSets,
        [
          ['$XDSSubmissionSetPatientId', pid(NHS)],
          ['$XDSSubmissionSetStatus', list(APPROVED)],
        ],
        { home: false },
      ),
    );
    const sets = ids(found, 'RegistryPackage');
    expect(sets).toHaveLength(3);
    expect(found).toContain('classificationNode="urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd"');

    const ofCurrent = await query(adhoc(Q.GetSubmissionSets, [['$uuid', list(current)]]));
    const [set] = ids(ofCurrent, 'RegistryPackage');
    expect(sets).toContain(set);
    expect(associations(ofCurrent)).toEqual([{ type: HAS_MEMBER, source: set, target: current }]);

    const contents = await query(adhoc(Q.GetSubmissionSetAndContents, [['$XDSSubmissionSetEntryUUID', `'${set}'`]]));
    expect(ids(contents, 'RegistryPackage')).toEqual([set]);
    expect(ids(contents, 'ExtrinsicObject')).toEqual([current]);
    expect(associations(contents)).toEqual([{ type: HAS_MEMBER, source: set, target: current }]);
    const setUniqueId = new RegExp(`identificationScheme="${SS_UNIQUE_ID}" value="([^"]+)"`).exec(contents)![1];
    const byUniqueId = await query(adhoc(Q.GetSubmissionSetAndContents, [['$XDSSubmissionSetUniqueId', `'${setUniqueId}'`]]));
    expect(byUniqueId.slice(byUniqueId.indexOf('<s:Body>'))).toBe(contents.slice(contents.indexOf('<s:Body>')));
  });

  it('GetAssociations and GetDocumentsAndAssociations: HasMember, RPLC and XFRM (snapshot → On-Demand entry)', async () => {
    const a = associations(await query(adhoc(Q.GetAssociations, [['$uuid', list(current)]])));
    expect(a.map((x) => x.type).sort()).toEqual([RPLC, XFRM, HAS_MEMBER].sort());
    expect(a.find((x) => x.type === XFRM)).toMatchObject({ source: current, target: onDemand });

    const both = await query(adhoc(Q.GetDocumentsAndAssociations, [['$XDSDocumentEntryUniqueId', list(currentUniqueId)]]));
    expect(ids(both, 'ExtrinsicObject')).toEqual([current]);
    expect(associations(both)).toHaveLength(3);
  });

  it('GetRelatedDocuments: RPLC gives the replaced snapshot; XFRM the On-Demand entry when asked for; no relation → empty', async () => {
    const rplc = await query(
      adhoc(Q.GetRelatedDocuments, [
        ['$XDSDocumentEntryEntryUUID', `'${current}'`],
        ['$AssociationTypes', list(RPLC)],
      ]),
    );
    expect(ids(rplc, 'ExtrinsicObject')).toEqual([current, replaced]);
    expect(associations(rplc)).toEqual([{ type: RPLC, source: current, target: replaced }]);
    const xfrm = await query(
      adhoc(Q.GetRelatedDocuments, [
        ['$XDSDocumentEntryEntryUUID', `'${current}'`],
        ['$AssociationTypes', list(XFRM)],
        ['$XDSDocumentEntryType', list(STABLE, ON_DEMAND)],
      ]),
    );
    expect(ids(xfrm, 'ExtrinsicObject')).toEqual([current, onDemand]);
    const none = await query(
      adhoc(Q.GetRelatedDocuments, [
        ['$XDSDocumentEntryEntryUUID', `'${current}'`],
        ['$AssociationTypes', list('urn:ihe:iti:2007:AssociationType:APND')],
      ]),
    );
    expect(none).toContain(EMPTY);
  });

  it('FindDocuments for Deprecated finds the replaced snapshot only', async () => {
    const xml = await query(
      adhoc(
        Q.FindDocuments,
        [
          ['$XDSDocumentEntryPatientId', pid(NHS)],
          ['$XDSDocumentEntryStatus', list(DEPRECATED)],
        ],
        { home: false },
      ),
    );
    expect(ids(xml, 'ExtrinsicObject')).toEqual([replaced]);
  });

  it.each([
    [
      'FindFolders',
      adhoc(
        Q.FindFolders,
        [
          ['$XDSFolderPatientId', pid('9690937286')],
          ['$XDSFolderStatus', list(APPROVED)],
        ],
        { home: false },
      ),
    ],
    ['GetFolders', adhoc(Q.GetFolders, [['$XDSFolderUniqueId', list('2.25.7')]])],
    ['GetFolderAndContents', adhoc(Q.GetFolderAndContents, [['$XDSFolderUniqueId', "'2.25.7'"]])],
    [
      'GetFoldersForDocument',
      adhoc(Q.GetFoldersForDocument, [['$XDSDocumentEntryEntryUUID', `'urn:uuid:0b1e6d3c-1b0c-4a8b-9f5e-6c1e2d3f4a5b'`]]),
    ],
  ])('%s: the gateway makes no Folders → Success, empty list', async (_name, payload) => {
    const xml = await query(payload);
    expect(xml).toContain('ResponseStatusType:Success');
    expect(xml).toContain(EMPTY);
    expect(errorCodes(xml)).toEqual([]);
  });

  it('a query by SubmissionSet or association uuid never discloses a patient the requester has not matched, nor one PDS now restricts', async () => {
    // A document for another patient, made by the administrator: this requester never matched that patient.
    const made = (await (await admin(`patients/${OTHER}/refresh`, 'POST')).json()) as { entryUuid: string; uniqueId: string };
    const theirs = await query(adhoc(Q.GetSubmissionSets, [['$uuid', list(made.entryUuid)]]));
    expect(theirs).toContain(EMPTY);
    for (const payload of [
      adhoc(Q.GetAssociations, [['$uuid', list(made.entryUuid)]]),
      adhoc(Q.GetDocumentsAndAssociations, [['$XDSDocumentEntryUniqueId', list(made.uniqueId)]]),
      adhoc(Q.GetRelatedDocuments, [
        ['$XDSDocumentEntryEntryUUID', `'${made.entryUuid}'`],
        ['$AssociationTypes', list(XFRM, RPLC)],
      ]),
    ]) {
      const xml = await query(payload);
      expect(xml).toContain(EMPTY);
      expect(xml).not.toContain(made.entryUuid);
    }
    // The SubmissionSet of our own patient's snapshot is answered; then PDS restricts the patient.
    const [set] = ids(await query(adhoc(Q.GetSubmissionSets, [['$uuid', list(current)]])), 'RegistryPackage');
    const contents = adhoc(Q.GetSubmissionSetAndContents, [['$XDSSubmissionSetEntryUUID', `'${set}'`]]);
    expect(ids(await query(contents), 'ExtrinsicObject')).toEqual([current]);
    expect(gw.sandbox.setPatientSecurity(NHS, 'R')).toBe(true);
    try {
      // The next demographic match learns it (NF), as an initiating gateway's next ITI-55 would.
      expect(await matchPatient(gw.url, NHS)).toContain('<queryResponseCode code="NF"/>');
      const withheld = await query(contents);
      expect(withheld).toContain(EMPTY);
      expect(withheld).not.toContain(NHS);
      expect(await query(adhoc(Q.GetAssociations, [['$uuid', list(set)]]))).toContain(EMPTY);
    } finally {
      gw.sandbox.setPatientSecurity(NHS, 'U');
    }
  });
});

describe('ITI-38 with a creation-time window (Epic-style FindDocuments, 2018-01-01 … 2023-12-01)', () => {
  let gw: StartedGateway;
  const NHS = '9690937294';

  beforeAll(async () => {
    gw = await startGateway({ XCA_UPSTREAM_DEADLINE_MS: '5000' });
    expect(await matchPatient(gw.url, NHS)).toContain('<queryResponseCode code="OK"/>');
  });
  afterAll(async () => {
    await gw?.close();
  });

  async function find(extra: Slots): Promise<string> {
    const payload = adhoc(
      Q.FindDocuments,
      [
        ['$XDSDocumentEntryPatientId', pid(NHS)],
        ['$XDSDocumentEntryStatus', list(APPROVED)],
        ['$XDSDocumentEntryCreationTimeFrom', '20180101'],
        ['$XDSDocumentEntryCreationTimeTo', '20231201'],
        ...extra,
      ],
      { home: false },
    );
    const res = await fetch(`${gw.url}/SOAP/iti38`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest(QUERY, payload),
    });
    const xml = await res.text();
    const v = await validateIhe(xml, { strict: true });
    if (!v.ok) throw new Error(v.output);
    return xml;
  }

  it('asking for On-Demand too: the On-Demand entry (no creationTime) is returned; the snapshot made today is not', async () => {
    const xml = await find([['$XDSDocumentEntryType', list(STABLE, ON_DEMAND)]]);
    expect(xml).toContain('ResponseStatusType:Success');
    const objectTypes = [...xml.matchAll(/<rim:ExtrinsicObject [^>]*objectType="([^"]+)"/g)].map((m) => m[1]);
    expect(objectTypes).toEqual([ON_DEMAND]);
    expect(xml).not.toContain('<rim:Slot name="creationTime">');
  });

  it('Stable only: the snapshot’s creationTime is when it was generated, outside the window → Success, empty; its service period is what matches 2018–2023', async () => {
    expect(await find([])).toContain(EMPTY);
    const service = adhoc(
      Q.FindDocuments,
      [
        ['$XDSDocumentEntryPatientId', pid(NHS)],
        ['$XDSDocumentEntryStatus', list(APPROVED)],
        ['$XDSDocumentEntryServiceStopTimeFrom', '20180101'],
        ['$XDSDocumentEntryServiceStartTimeTo', '20231201'],
      ],
      { home: false },
    );
    const res = await fetch(`${gw.url}/SOAP/iti38`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest(QUERY, service),
    });
    const xml = await res.text();
    expect((await validateIhe(xml, { strict: true })).ok).toBe(true);
    expect([...xml.matchAll(/<rim:ExtrinsicObject [^>]*objectType="([^"]+)"/g)].map((m) => m[1])).toEqual([STABLE]);
  });
});
