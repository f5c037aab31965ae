import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { attr, descendants, parseXml } from '@gw/soap';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { iti47Envelope, iti55Envelope, matchParams, NHS_NUMBER_OID, sandboxPatient } from '../support/patient-match';
import { IHE_MESSAGES, soapRequest } from '../support/soap-messages';
import { assertionXml, makeTestPki, securityHeader, signAssertion, type TestPki } from '../soap/saml-fixtures';

const HL7 = 'urn:hl7-org:v3';
const QUERY = 'urn:ihe:iti:2007:CrossGatewayQuery';
const RETRIEVE = 'urn:ihe:iti:2007:CrossGatewayRetrieve';
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';
/** Two Epic organisations' Care Everywhere authorities (Epic's pattern) and home communities. */
const EPIC_A = '1.2.840.114350.1.13.101.3.7.3.688884.100';
const EPIC_B = '1.2.840.114350.1.13.202.3.7.3.688884.100';
const ORG_A = 'urn:oid:1.2.840.114350.1.13.101.2';
const ORG_B = 'urn:oid:1.2.840.114350.1.13.202.2';
const UNIQUE_ID = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/;
const P = '9690937294';
const X = '9690937375';

const errorCodes = (xml: string) => [...xml.matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1]);
const qrc = (xml: string) => /<queryResponseCode code="([A-Z]+)"\/>/.exec(xml)?.[1];
const ack = (xml: string) => /<acknowledgement>\s*<typeCode code="([A-Z]+)"\/>/.exec(xml)?.[1];
type Id = { root: string; extension: string };

describe('Patient ids bound to the organisation that asserts them (XUA required, two organisations)', () => {
  let pki: TestPki;
  let gw: StartedGateway;
  const run = `${process.pid}${Date.now() % 100000}`;

  beforeAll(async () => {
    pki = makeTestPki();
    gw = await startGateway({
      XUA_MODE: 'required',
      XUA_TRUSTED_CERTS: pki.caCertFile,
      XUA_AUDIENCE: 'urn:gw:test-audience',
      // Relaxed from the strict default so that an assertion naming no organisation reaches the handlers.
      XUA_REQUIRED_ATTRIBUTES: 'subject-id,purposeofuse',
      CACHE_NAMESPACE: `xca-ownership-${process.pid}`,
    });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(pki.dir, { recursive: true, force: true });
  });

  /** One organisation's initiating gateway: every request carries its signed assertion. */
  function org(homeCommunityId?: string, organizationId = homeCommunityId) {
    // No organisation given: an assertion without organization-id and homeCommunityId.
    const omit: Array<'organization-id' | 'homeCommunityId'> = homeCommunityId ? [] : ['organization-id', 'homeCommunityId'];
    const security = () =>
      securityHeader(signAssertion(assertionXml({ homeCommunityId, organizationId, omit }), pki.leafKeyPem, pki.leafCertPem));
    const post = async (endpoint: string, envelope: string) => {
      const res = await fetch(`${gw.url}/SOAP/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
        body: envelope,
      });
      return res.text();
    };
    const find = (id: string, root: string) =>
      readFileSync(path.join(IHE_MESSAGES, 'iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml'), 'utf8')
        .replace('$patient_id$', `${id}^^^&amp;${root}&amp;ISO`)
        .replace('returnType="ObjectRef"', 'returnType="LeafClass"');
    return {
      /** ITI-55 with `nhs`'s demographics and the given ids (no NHS number unless asked). */
      xcpd: (nhs: string, ids: Id[], withNhsNumber = true) => {
        const params = matchParams(sandboxPatient(nhs)!, ids);
        if (!withNhsNumber) params.ids = ids;
        return post('iti55', iti55Envelope(params, security()));
      },
      pdq: (nhs: string) => post('iti47', iti47Envelope(matchParams(sandboxPatient(nhs)!), security())),
      query: (id: string, root = NHS_NUMBER_OID) => post('iti38', soapRequest(QUERY, find(id, root), { headers: security() })),
      /** GetDocuments by entryUUID. */
      getDocuments: (entryUuid: string) =>
        post(
          'iti38',
          soapRequest(
            QUERY,
            readFileSync(path.join(IHE_MESSAGES, 'iti-38/request/nist-testkit-12307-getdocs-leafclass.TEMPLATE.xml'), 'utf8')
              .replace('home="$home"', `home="${HOME}"`)
              .replace("'$doc_uuid_1$', '$doc_uuid_2$'", `'${entryUuid}'`),
            { headers: security() },
          ),
        ),
      retrieve: (uid: string) =>
        post(
          'iti39',
          soapRequest(
            RETRIEVE,
            `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"><DocumentRequest><HomeCommunityId>${HOME}</HomeCommunityId><RepositoryUniqueId>${REPO}</RepositoryUniqueId><DocumentUniqueId>${uid}</DocumentUniqueId></DocumentRequest></RetrieveDocumentSetRequest>`,
            { headers: security() },
          ),
        ),
    };
  }
  const a = org(ORG_A);
  const b = org(ORG_B);
  const otherIds = (xml: string) =>
    descendants(parseXml(xml), HL7, 'asOtherIDs').map((o) => {
      const id = o.children.find((c) => c.local === 'id');
      return `${attr(id, 'root')}/${attr(id, 'extension')}`;
    });

  it('org B cannot map a CEID under org A’s authority: refused with the reason; org A’s query by that CEID never returns X', async () => {
    const ceidA = { root: EPIC_A, extension: `A-${run}` };
    expect(qrc(await a.xcpd(P, [ceidA]))).toBe('OK');
    const byOwnCeid = await a.query(ceidA.extension, EPIC_A);
    expect(byOwnCeid).toContain(`value="${P}^^^&amp;${NHS_NUMBER_OID}&amp;ISO"`);

    const planted = { root: EPIC_A, extension: `PLANTED-${run}` };
    const refused = await b.xcpd(X, [planted]);
    expect([ack(refused), qrc(refused)]).toEqual(['AE', 'AE']);
    expect(refused).toContain(`Patient ids of assigning authority ${EPIC_A} are accepted only from the organisation that owns it`);
    expect(refused).not.toContain(`<id root="${NHS_NUMBER_OID}" extension="${X}"`);
    expect((await validateIhe(refused, { strict: true })).errors).toBe(0);
    // Org B asserting org A's existing CEID is refused the same way, before anything is looked up.
    expect(ack(await b.xcpd(P, [ceidA], false))).toBe('AE');

    const byPlanted = await a.query(planted.extension, EPIC_A);
    expect(errorCodes(byPlanted)).toEqual(['XDSUnknownPatientId']);
    expect(byPlanted).not.toContain(X);
    // Nor can org B use org A's CEID to query.
    expect(errorCodes(await b.query(ceidA.extension, EPIC_A))).toEqual(['XDSUnknownPatientId']);
  });

  it('ITI-47 asOtherIDs lists only the requester’s own ids', async () => {
    const ceidA = { root: EPIC_A, extension: `OA-${run}` };
    const ceidB = { root: EPIC_B, extension: `OB-${run}` };
    expect(qrc(await a.xcpd(X, [ceidA]))).toBe('OK');
    expect(qrc(await b.xcpd(X, [ceidB]))).toBe('OK');
    const seenByB = otherIds(await b.pdq(X));
    expect(seenByB).toContain(`${EPIC_B}/${ceidB.extension}`);
    expect(seenByB.filter((id) => id.startsWith(EPIC_A))).toEqual([]);
    const seenByA = otherIds(await a.pdq(X));
    expect(seenByA).toContain(`${EPIC_A}/${ceidA.extension}`);
    expect(seenByA.filter((id) => id.startsWith(EPIC_B))).toEqual([]);
  });

  it('ITI-38/39 by NHS number: allowed after the same organisation’s ITI-55 match, refused for another organisation', async () => {
    const nhs = '9690937405';
    expect(errorCodes(await a.query(nhs))).toEqual(['XDSUnknownPatientId']);
    expect(qrc(await a.xcpd(nhs, []))).toBe('OK');
    const q = await a.query(nhs);
    expect(q).toContain('ResponseStatusType:Success');
    const uid = UNIQUE_ID.exec(q)![1];
    const entryUuid = /<rim:ExtrinsicObject id="([^"]+)"/.exec(q)![1];
    expect(errorCodes(await a.retrieve(uid))).toEqual([]);
    expect(await a.getDocuments(entryUuid)).toContain(uid);

    // Org B never matched the patient: the same query and retrieve disclose nothing.
    expect(errorCodes(await b.query(nhs))).toEqual(['XDSUnknownPatientId']);
    const byId = await b.getDocuments(entryUuid);
    expect(byId).toContain('<rim:RegistryObjectList/>');
    expect(byId).not.toContain(uid);
    const r = await b.retrieve(uid);
    expect(errorCodes(r)).toEqual(['XDSDocumentUniqueIdError']);
    expect(r).not.toContain('<ClinicalDocument');
  });

  it('an assertion naming no organisation cannot map patient ids (refused with the reason)', async () => {
    const anonymous = org();
    const r = await anonymous.xcpd(P, [{ root: EPIC_B, extension: `ANON-${run}` }]);
    expect(ack(r)).toBe('AE');
    expect(r).toContain('names no organisation');
  });
});
