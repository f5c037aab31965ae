import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AuditService } from '@gw/audit';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { iti47Envelope, iti55Envelope, matchParams, matchPatient, NHS_NUMBER_OID, sandboxPatient } from '../support/patient-match';
import { IHE_MESSAGES, soapRequest } from '../support/soap-messages';

const QUERY = 'urn:ihe:iti:2007:CrossGatewayQuery';
const RETRIEVE = 'urn:ihe:iti:2007:CrossGatewayRetrieve';
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';
const ADMIN_KEY = 'xca-disclosure-admin-key-0123456789';
const CEID_ROOT = '1.2.840.114350.1.13.525.3.7.3.688884.100';
const UNIQUE_ID = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/;

const errorCodes = (xml: string) => [...xml.matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1]);
const qrc = (xml: string) => /<queryResponseCode code="([A-Z]+)"\/>/.exec(xml)?.[1];

function findDocuments(id: string, root = NHS_NUMBER_OID): string {
  return readFileSync(path.join(IHE_MESSAGES, 'iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml'), 'utf8')
    .replace('$patient_id$', `${id}^^^&amp;${root}&amp;ISO`)
    .replace('returnType="ObjectRef"', 'returnType="LeafClass"');
}

function retrieveRequest(uid: string): string {
  return (
    `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"><DocumentRequest><HomeCommunityId>${HOME}</HomeCommunityId>` +
    `<RepositoryUniqueId>${REPO}</RepositoryUniqueId><DocumentUniqueId>${uid}</DocumentUniqueId></DocumentRequest></RetrieveDocumentSetRequest>`
  );
}

/** SOAP over HTTP to one gateway, as one requester (the security header it sends, if any). */
function client(gw: () => StartedGateway, security = '') {
  const post = async (endpoint: string, envelope: string) => {
    const res = await fetch(`${gw().url}/SOAP/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: envelope,
    });
    return res.text();
  };
  return {
    match: (nhs: string, ids: Array<{ root: string; extension: string }> = []) => matchPatient(gw().url, nhs, security, ids),
    /** ITI-47 with the patient's demographics: the answer lists the requester's asOtherIDs. */
    pdq: (nhs: string, ids: Array<{ root: string; extension: string }> = []) =>
      post('iti47', iti47Envelope(matchParams(sandboxPatient(nhs)!, ids), security)),
    query: (id: string, root = NHS_NUMBER_OID) => post('iti38', soapRequest(QUERY, findDocuments(id, root), { headers: security })),
    retrieve: async (uid: string) => post('iti39', soapRequest(RETRIEVE, retrieveRequest(uid), { headers: security })),
  };
}

async function valid(xml: string): Promise<void> {
  const v = await validateIhe(xml, { strict: true });
  if (!v.ok) throw new Error(v.output);
}

/** The SOAP Body with generated ids blanked: equal answers compare equal. */
const body = (xml: string) => xml.slice(xml.indexOf('<s:Body>')).replace(/urn:uuid:[0-9a-f-]{36}/g, 'X');

describe('XCA discloses only what PDS currently allows, to a requester that matched the patient (XUA off: one local requester)', () => {
  let gw: StartedGateway;
  const local = client(() => gw);

  beforeAll(async () => {
    gw = await startGateway({
      ADMIN_API_KEY: ADMIN_KEY,
      CACHE_NAMESPACE: `xca-disclosure-${process.pid}`,
      PATIENT_ID_MAX_PER_PATIENT: '3',
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const setSecurity = async (nhs: string, code: 'U' | 'R') => {
    const res = await fetch(`${gw.sandboxUrl}/_sandbox/pds/patients/${nhs}/security`, { method: 'PUT', body: JSON.stringify({ code }) });
    expect(res.status).toBe(204);
  };

  it('a patient PDS restricts after their record was cached: ITI-55 NF, then ITI-38 as for an unknown patient, ITI-39 no document, documents purged', async () => {
    const nhs = '9690937308';
    expect(qrc(await local.match(nhs))).toBe('OK');
    const before = await local.query(nhs);
    expect(before).toContain('ResponseStatusType:Success');
    const uid = UNIQUE_ID.exec(before)![1];
    expect(errorCodes(await local.retrieve(uid))).toEqual([]);

    await setSecurity(nhs, 'R');
    expect(qrc(await local.match(nhs))).toBe('NF');
    const after = await local.query(nhs);
    expect(errorCodes(after)).toEqual(['XDSUnknownPatientId']);
    expect(body(after)).toBe(body(await local.query('9111231130')));
    await valid(after);
    const retrieved = await local.retrieve(uid);
    expect(errorCodes(retrieved)).toEqual(['XDSDocumentUniqueIdError']);
    expect(retrieved).not.toContain('<ClinicalDocument');
    const held = await fetch(`${gw.url}/admin/documents/patients/${nhs}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect((await held.json()).documents).toEqual([]);

    // Unrestricted again: the old document stays gone (purged, not hidden); a new one is made.
    await setSecurity(nhs, 'U');
    expect(qrc(await local.match(nhs))).toBe('OK');
    expect(errorCodes(await local.retrieve(uid))).toEqual(['XDSDocumentUniqueIdError']);
    const again = await local.query(nhs);
    expect(UNIQUE_ID.exec(again)![1]).not.toBe(uid);
  });

  it('ITI-38 by a bare NHS number without a prior demographic match is answered as for an unknown patient; after ITI-55 it is answered', async () => {
    const nhs = '9690937294';
    const unmatched = await local.query(nhs);
    expect(errorCodes(unmatched)).toEqual(['XDSUnknownPatientId']);
    // Recorded as the refusal it was, with the patient only as a pseudonym.
    const audited = gw.app.get(AuditService).recent(1)[0];
    expect(audited).toMatchObject({ transaction: 'ITI-38', outcome: 'refused', detail: expect.stringContaining('no-prior-match') });
    expect(JSON.stringify(audited)).not.toContain(nhs);
    expect(body(unmatched)).toBe(body(await local.query('9111231130')));
    expect(qrc(await local.match(nhs))).toBe('OK');
    expect(await local.query(nhs)).toContain('ResponseStatusType:Success');
  });

  it('an ITI-55 answered NF (demographics that PDS does not confirm) is no match: ITI-38 still refuses', async () => {
    const nhs = '9690937375';
    const wrong = iti55Envelope({ ...matchParams(sandboxPatient(nhs)!), family: 'NOTLOBB' });
    const res = await fetch(`${gw.url}/SOAP/iti55`, { method: 'POST', headers: { 'content-type': 'application/soap+xml' }, body: wrong });
    expect(qrc(await res.text())).toBe('NF');
    expect(errorCodes(await local.query(nhs))).toEqual(['XDSUnknownPatientId']);
  });

  it('a 1 MB CEID is refused as malformed and never stored: later answers for the patient stay small', async () => {
    const nhs = '9690937383';
    const huge = await local.match(nhs, [{ root: CEID_ROOT, extension: 'X'.repeat(1024 * 1024) }]);
    expect(qrc(huge)).toBe('QE');
    expect(huge).toMatch(/longer than 64 characters/);
    const later = await local.pdq(nhs);
    expect(qrc(later)).toBe('OK');
    expect(later.length).toBeLessThan(20_000);
    expect(later).not.toContain('XXXXXXXX');
  });

  it('ids per patient are bounded: a CEID beyond PATIENT_ID_MAX_PER_PATIENT is refused with the reason and not stored', async () => {
    const nhs = '9690937278';
    const ids = ['A', 'B', 'C', 'D'].map((x) => ({ root: CEID_ROOT, extension: `BOUND-${x}-${process.pid}` }));
    for (const id of ids.slice(0, 3)) expect(qrc(await local.match(nhs, [id]))).toBe('OK');
    const fourth = await local.match(nhs, [ids[3]]);
    expect(qrc(fourth)).toBe('AE');
    expect(fourth).toContain('The patient already has the most patient ids this gateway keeps (3)');
    await valid(fourth);
    expect(errorCodes(await local.query(ids[3].extension, CEID_ROOT))).toEqual(['XDSUnknownPatientId']);
    const other = await local.pdq(nhs);
    expect([...other.matchAll(/<asOtherIDs/g)]).toHaveLength(3);
  });
});

describe('XCA in trust mode, PDS status read on every disclosure (XCA_TRUST_BARE_NHS_NUMBER, XCA_PATIENT_STATUS_TTL_S=0)', () => {
  let gw: StartedGateway;
  const local = client(() => gw);

  beforeAll(async () => {
    gw = await startGateway({
      CACHE_NAMESPACE: `xca-disclosure-trust-${process.pid}`,
      XCA_TRUST_BARE_NHS_NUMBER: 'true',
      XCA_PATIENT_STATUS_TTL_S: '0',
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers a bare NHS number without a match, and withholds the cached record as soon as PDS restricts the patient', async () => {
    const nhs = '9690937286';
    const q = await local.query(nhs);
    expect(q).toContain('ResponseStatusType:Success');
    const uid = UNIQUE_ID.exec(q)![1];
    expect(UNIQUE_ID.exec(await local.query(nhs))![1]).toBe(uid);
    expect(gw.sandbox.setPatientSecurity(nhs, 'R')).toBe(true);
    expect(errorCodes(await local.query(nhs))).toEqual(['XDSUnknownPatientId']);
    expect(errorCodes(await local.retrieve(uid))).toEqual(['XDSDocumentUniqueIdError']);
    gw.sandbox.setPatientSecurity(nhs, 'U');
    expect(errorCodes(await local.retrieve(uid))).toEqual(['XDSDocumentUniqueIdError']);
  });
});
