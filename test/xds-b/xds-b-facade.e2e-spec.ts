import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { AuditService } from '@gw/audit';
import { parseMtom } from '@gw/soap';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { matchPatient } from '../support/patient-match';
import { readSample, soapRequest } from '../support/soap-messages';
import { assertionXml, makeTestPki, securityHeader, signAssertion, type TestPki } from '../soap/saml-fixtures';

/**
 * The XDS.b registry and repository of the trust's own affinity domain (ITI-18, ITI-43) over real
 * HTTP, with the published NIST and IPF requests: answered from the same data as ITI-38/39, under
 * the XDS.b response Actions, on their own endpoints and WSDLs, and valid for validate.sh --strict.
 */
const NHS = '9690937286';
const CX = `${NHS}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`;
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';
const RSQ = 'urn:ihe:iti:2007:RegistryStoredQuery';
const RET = 'urn:ihe:iti:2007:RetrieveDocumentSet';
const XCQ = 'urn:ihe:iti:2007:CrossGatewayQuery';

interface Answer {
  status: number;
  contentType: string;
  body: Buffer;
  text: string;
}

async function post(url: string, body: string, contentType = 'application/soap+xml; charset=utf-8'): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(Buffer.from(body, 'utf8')),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: bytes, text: bytes.toString('utf8') };
}

function headerAction(xml: string): string | undefined {
  return /<(?:\w+:)?Action\b[^>]*>([^<]+)</.exec(xml)?.[1];
}

function withPatient(payload: string): string {
  return payload
    .replace(/(<(?:\w+:)?Slot name="\$XDSDocumentEntryPatientId">\s*<(?:\w+:)?ValueList>\s*<(?:\w+:)?Value>)[^<]*(<)/, `$1'${CX}'$2`)
    .replace('$patient_id$', CX);
}

async function valid(a: Answer): Promise<void> {
  const v = await validateIhe(a.body, { strict: true, contentType: a.contentType.startsWith('multipart/') ? a.contentType : undefined });
  if (!v.ok) throw new Error(v.output);
}

describe('XDS.b facade: ITI-18 Registry Stored Query and ITI-43 Retrieve Document Set', () => {
  let gw: StartedGateway;
  let entryUuid: string;
  let uniqueId: string;
  let hash: string;
  let size: number;

  const findDocuments = () =>
    withPatient(readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml').replace('ObjectRef', 'LeafClass'));
  const getDocumentsWithoutHome = () =>
    readSample('iti-38/request/nist-testkit-12307-getdocs-leafclass.TEMPLATE.xml')
      .replace(' home="$home"', '')
      .replace("'$doc_uuid_1$', '$doc_uuid_2$'", `'${entryUuid}'`);

  beforeAll(async () => {
    gw = await startGateway();
    expect(await matchPatient(gw.url, NHS)).toContain('<queryResponseCode code="OK"/>');
    const first = await post(`${gw.url}/SOAP/iti18`, soapRequest(RSQ, findDocuments()));
    entryUuid = /<rim:ExtrinsicObject id="([^"]+)"/.exec(first.text)![1];
    uniqueId = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/.exec(first.text)![1];
    hash = /<rim:Slot name="hash"><rim:ValueList><rim:Value>([0-9a-f]{40})</.exec(first.text)![1];
    size = Number(/<rim:Slot name="size"><rim:ValueList><rim:Value>(\d+)</.exec(first.text)![1]);
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('answers FindDocuments on /SOAP/iti18 with the document entry, under RegistryStoredQueryResponse', async () => {
    const a = await post(`${gw.url}/SOAP/iti18`, soapRequest(RSQ, findDocuments()));
    expect(a.status).toBe(200);
    expect(headerAction(a.text)).toBe('urn:ihe:iti:2007:RegistryStoredQueryResponse');
    expect(a.text).toContain('ResponseStatusType:Success');
    expect(a.text.match(/<rim:ExtrinsicObject /g)).toHaveLength(1);
    expect(a.text).toContain(`value="${NHS}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO"`);
    await valid(a);
  });

  it.each(['iti-38/request/ipf-iti18request-bodyonly.xml', 'iti-38/request/nist-sq-req-bodyonly.xml'])(
    'answers the published ITI-18 request %s exactly as ITI-38 answers the same query',
    async (file) => {
      const payload = withPatient(readSample(file));
      const a = await post(`${gw.url}/SOAP/iti18`, soapRequest(RSQ, payload));
      const x = await post(`${gw.url}/SOAP/iti38`, soapRequest(XCQ, payload));
      expect(a.status).toBe(200);
      expect(headerAction(a.text)).toBe('urn:ihe:iti:2007:RegistryStoredQueryResponse');
      const objects = (s: string) => (s.match(/<rim:(ExtrinsicObject|ObjectRef) /g) ?? []).length;
      const status = (s: string) => /<query:AdhocQueryResponse[^>]*status="([^"]+)"/.exec(s)?.[1];
      expect(status(a.text)).toBe(status(x.text));
      expect(status(a.text)).toContain('Success');
      expect(objects(a.text)).toBe(objects(x.text));
      await valid(a);
    },
  );

  it('answers GetDocuments without AdhocQuery/@home (optional in ITI-18), which ITI-38 refuses', async () => {
    const a = await post(`${gw.url}/SOAP/iti18`, soapRequest(RSQ, getDocumentsWithoutHome()));
    expect(a.text).toContain('ResponseStatusType:Success');
    expect(a.text).toContain(`<rim:ExtrinsicObject id="${entryUuid}"`);
    await valid(a);
    const x = await post(`${gw.url}/SOAP/iti38`, soapRequest(XCQ, getDocumentsWithoutHome()));
    expect(x.text).toContain('errorCode="XDSMissingHomeCommunityId"');
  });

  it('still refuses a home naming another community with XDSUnknownCommunity', async () => {
    const payload = getDocumentsWithoutHome().replace('<AdhocQuery ', '<AdhocQuery home="urn:oid:1.2.3.4" ');
    const a = await post(`${gw.url}/SOAP/iti18`, soapRequest(RSQ, payload));
    expect(a.text).toContain('errorCode="XDSUnknownCommunity"');
    expect(a.text).not.toContain('<rim:ExtrinsicObject');
    await valid(a);
  });

  /** NIST's retrieve as published (two DocumentRequests, no HomeCommunityId), with our repository and document. */
  const nistRetrieve = () =>
    readSample('iti-39/request/nist-soap-ret-req.xml')
      .replace(/(<RepositoryUniqueId>)[^<]*(<)/g, `$1${REPO}$2`)
      .replace(/(<DocumentUniqueId>)[^<]*(<)/g, `$1${uniqueId}$2`);

  it.each(['iti43', ''])(
    "answers NIST's published RetrieveDocumentSet on /SOAP/%s with the document bytes ITI-18 published",
    async (ep) => {
      const a = await post(`${gw.url}/SOAP${ep ? `/${ep}` : ''}`, nistRetrieve());
      expect(a.status).toBe(200);
      expect(a.contentType).toMatch(/^multipart\/related/);
      expect(headerAction(a.text)).toBe('urn:ihe:iti:2007:RetrieveDocumentSetResponse');
      expect(a.text).toContain('ResponseStatusType:Success');
      expect(a.text.match(/<xdsb:DocumentResponse>/g)).toHaveLength(2);
      expect(a.text.match(new RegExp(`<xdsb:HomeCommunityId>${HOME}</xdsb:HomeCommunityId>`, 'g'))).toHaveLength(2);
      const mtom = parseMtom(a.body, a.contentType)!;
      expect(mtom.attachments.size).toBe(2);
      for (const bytes of mtom.attachments.values()) {
        expect(bytes.length).toBe(size);
        expect(createHash('sha1').update(bytes).digest('hex')).toBe(hash);
      }
      await valid(a);
    },
  );

  it('keeps ITI-43 off the XCA retrieve endpoint (ActionNotSupported there)', async () => {
    const a = await post(`${gw.url}/SOAP/iti39`, nistRetrieve());
    expect(a.status).toBe(400);
    expect(a.text).toContain('ActionNotSupported');
  });

  it('refuses a DocumentRequest naming another community, and answers the others (PartialSuccess)', async () => {
    const body = nistRetrieve().replace('<DocumentRequest>', '<DocumentRequest><HomeCommunityId>urn:oid:1.2.3.4</HomeCommunityId>');
    const a = await post(`${gw.url}/SOAP/iti43`, body);
    expect(a.text).toContain('ResponseStatusType:PartialSuccess');
    expect(a.text).toContain('errorCode="XDSUnknownCommunity"');
    expect(a.text.match(/<xdsb:DocumentResponse>/g)).toHaveLength(1);
    await valid(a);
  });

  it('audits and counts ITI-18 and ITI-43 under their own transaction names', async () => {
    await post(`${gw.url}/SOAP/iti43`, nistRetrieve());
    const records = gw.app.get(AuditService).recent();
    expect(records.some((r) => r.transaction === 'ITI-18' && r.outcome === 'success' && r.documentIds?.includes(uniqueId))).toBe(true);
    expect(records.some((r) => r.transaction === 'ITI-43' && r.outcome === 'success' && r.documentIds?.includes(uniqueId))).toBe(true);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(/^gw_ihe_responses_total\{transaction="ITI-18",status="Success",error="none"\} [1-9]/m);
    expect(metrics).toMatch(/^gw_ihe_responses_total\{transaction="ITI-43",status="Success",error="none"\} [1-9]/m);
  });

  it.each([
    ['iti18', 'DocumentRegistry', 'DocumentRegistry_RegistryStoredQuery', RSQ, 'urn:ihe:iti:2007:RegistryStoredQueryResponse'],
    ['iti43', 'DocumentRepository', 'DocumentRepository_RetrieveDocumentSet', RET, 'urn:ihe:iti:2007:RetrieveDocumentSetResponse'],
  ])('describes /SOAP/%s in its own WSDL (%s)', async (ep, service, operation, action, responseAction) => {
    const wsdl = await (await fetch(`${gw.url}/SOAP/${ep}?wsdl`)).text();
    expect(wsdl).toContain(`<wsdl:service name="${service}_Service">`);
    expect(wsdl).toContain(`<wsdl:operation name="${operation}"><wsdl:input message="tns:${operation}_Request" wsaw:Action="${action}"/>`);
    expect(wsdl).toContain(`wsaw:Action="${responseAction}"`);
    expect(wsdl).toContain(`<soap12:address location="${gw.url}/SOAP/${ep}"/>`);
    expect(wsdl).not.toContain('CrossGateway');
  });
});

describe('XDS.b facade under XUA required', () => {
  let pki: TestPki;
  let gw: StartedGateway;
  beforeAll(async () => {
    pki = makeTestPki();
    gw = await startGateway({ XUA_MODE: 'required', XUA_TRUSTED_CERTS: pki.caCertFile });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(pki.dir, { recursive: true, force: true });
  });

  const signed = () => securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem));

  it.each([
    ['iti18', soapRequest(RSQ, withPatient(readSample('iti-38/request/ipf-iti18request-bodyonly.xml')))],
    ['iti43', readSample('iti-39/request/nist-soap-ret-req.xml')],
  ])('refuses an unsigned request on /SOAP/%s with a wsse:InvalidSecurity fault', async (ep, body) => {
    const a = await post(`${gw.url}/SOAP/${ep}`, body);
    expect(a.status).toBe(400);
    expect(a.text).toContain('InvalidSecurity');
    const records = gw.app.get(AuditService).recent();
    expect(records.some((r) => r.transaction === (ep === 'iti18' ? 'ITI-18' : 'ITI-43') && r.outcome === 'refused')).toBe(true);
  });

  it('answers signed ITI-18 and ITI-43 requests for a patient the same requester matched, audited with the XUA requester', async () => {
    expect(await matchPatient(gw.url, NHS, signed())).toContain('<queryResponseCode code="OK"/>');
    const query = withPatient(
      readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml').replace('ObjectRef', 'LeafClass'),
    );
    const q = await post(`${gw.url}/SOAP/iti18`, soapRequest(RSQ, query, { headers: signed() }));
    expect(q.text).toContain('ResponseStatusType:Success');
    const uid = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/.exec(q.text)![1];
    const retrieve = readSample('iti-39/request/nist-soap-ret-req.xml')
      .replace(/(<RepositoryUniqueId>)[^<]*(<)/g, `$1${REPO}$2`)
      .replace(/(<DocumentUniqueId>)[^<]*(<)/g, `$1${uid}$2`)
      .replace('</s:Header>', `${signed()}</s:Header>`);
    const r = await post(`${gw.url}/SOAP/iti43`, retrieve);
    expect(r.text).toContain('ResponseStatusType:Success');
    const saml = { source: 'saml', subjectId: 'SMITH, John', homeCommunityId: 'urn:oid:1.2.840.114350.1.13.999.2' };
    const records = gw.app.get(AuditService).recent();
    expect(records.find((x) => x.transaction === 'ITI-18' && x.outcome === 'success')?.requester).toMatchObject(saml);
    expect(records.find((x) => x.transaction === 'ITI-43' && x.outcome === 'success')?.requester).toMatchObject(saml);
  });

  it('answers a signed ITI-18 query from a requester without a demographic match as for an unknown patient', async () => {
    const other = securityHeader(
      signAssertion(
        assertionXml({ organizationId: 'urn:oid:1.2.3.99', homeCommunityId: 'urn:oid:1.2.3.98' }),
        pki.leafKeyPem,
        pki.leafCertPem,
      ),
    );
    const query = withPatient(readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml'));
    const q = await post(`${gw.url}/SOAP/iti18`, soapRequest(RSQ, query, { headers: other }));
    expect(q.text).toContain('errorCode="XDSUnknownPatientId"');
    expect(q.text).not.toContain('<rim:ObjectRef');
  });
});
