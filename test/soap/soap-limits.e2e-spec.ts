import { rmSync } from 'node:fs';
import { AuditService } from '@gw/audit';
import { attr, child, descendants, parseXml, text, NS } from '@gw/soap';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { soapRequest } from '../support/soap-messages';
import { assertionXml, makeTestPki, securityHeader, signAssertion, type TestPki } from './saml-fixtures';

const QUERY = 'urn:ihe:iti:2007:CrossGatewayQuery';
const RETRIEVE = 'urn:ihe:iti:2007:CrossGatewayRetrieve';
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';
const RIM = 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0';
const RS = 'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0';

function adhocQuery(slots: number): string {
  const slot = `<rim:Slot name="$XDSDocumentEntryStatus"><rim:ValueList><rim:Value>('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')</rim:Value></rim:ValueList></rim:Slot>`;
  return (
    `<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="${RIM}">` +
    `<query:ResponseOption returnType="LeafClass" returnComposedObjects="true"/>` +
    `<rim:AdhocQuery id="urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d">` +
    `<rim:Slot name="$XDSDocumentEntryPatientId"><rim:ValueList><rim:Value>'9690937286^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO'</rim:Value></rim:ValueList></rim:Slot>` +
    slot.repeat(slots) +
    `</rim:AdhocQuery></query:AdhocQueryRequest>`
  );
}

function retrieve(count: number): string {
  const one = (i: number) =>
    `<DocumentRequest><HomeCommunityId>${HOME}</HomeCommunityId><RepositoryUniqueId>${REPO}</RepositoryUniqueId><DocumentUniqueId>2.25.${i}</DocumentUniqueId></DocumentRequest>`;
  return `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007">${Array.from({ length: count }, (_, i) => one(i)).join('')}</RetrieveDocumentSetRequest>`;
}

function faultOf(body: string): { code?: string; reason?: string } {
  const fault = child(child(parseXml(body), NS.soap12, 'Body'), NS.soap12, 'Fault');
  return {
    code: text(child(child(fault, NS.soap12, 'Code'), NS.soap12, 'Value')),
    reason: text(child(child(fault, NS.soap12, 'Reason'), NS.soap12, 'Text')),
  };
}

/**
 * Bounded work per request, over HTTP with XUA required: every XML limit is checked while the
 * envelope is parsed (once), and refused with a Sender fault naming the limit, never a 500; the XCA
 * handlers bound what one query or retrieve may ask for.
 */
describe('SOAP edge limits (XUA required, one parse per request)', () => {
  let pki: TestPki;
  let gw: StartedGateway;
  let signed: () => string;
  let selfSigned: () => string;

  async function post(endpoint: string, action: string, payload: string, headers: string) {
    const res = await fetch(`${gw.url}/SOAP/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest(action, payload, { headers }),
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  }

  beforeAll(async () => {
    pki = makeTestPki();
    signed = () => securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem));
    selfSigned = () => securityHeader(signAssertion(assertionXml(), pki.rogueKeyPem, pki.rogueCertPem));
    gw = await startGateway({
      XUA_MODE: 'required',
      XUA_TRUSTED_CERTS: pki.caCertFile,
      XUA_AUDIENCE: 'urn:gw:test-audience',
      REDIS_URL: '',
      SOAP_MAX_BODY_BYTES: String(24 * 1024 * 1024),
    });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(pki.dir, { recursive: true, force: true });
  });

  it('refuses 200k empty header elements with a self-signed assertion as a Sender fault naming the element limit', async () => {
    const r = await post('iti38', QUERY, adhocQuery(1), selfSigned() + '<x:h xmlns:x="urn:x"/>'.repeat(200_000));
    expect(r.status).toBe(400);
    expect(faultOf(r.body)).toEqual({ code: 's:Sender', reason: 'The message exceeds a size limit: more than 10000 elements' });
  });

  it('refuses 100k attributes on one element as a Sender fault naming the attribute limit', async () => {
    const attrs = Array.from({ length: 100_000 }, (_, i) => ` a${i}=""`).join('');
    const r = await post('iti38', QUERY, adhocQuery(1), `${signed()}<x:h xmlns:x="urn:x"${attrs}/>`);
    expect(r.status).toBe(400);
    expect(faultOf(r.body).reason).toBe('The message exceeds a size limit: more than 64 attributes on one element');
  });

  it('refuses more attributes in the message than allowed, even spread over elements', async () => {
    const el = `<x:h xmlns:x="urn:x"${Array.from({ length: 40 }, (_, i) => ` a${i}="v"`).join('')}/>`;
    const r = await post('iti38', QUERY, adhocQuery(1), signed() + el.repeat(600));
    expect(r.status).toBe(400);
    expect(faultOf(r.body).reason).toBe('The message exceeds a size limit: more than 20000 attributes in the message');
  });

  it('refuses a text node over the text limit', async () => {
    const r = await post('iti38', QUERY, adhocQuery(1), `${signed()}<x:h xmlns:x="urn:x">${'a'.repeat(1024 * 1024 + 1)}</x:h>`);
    expect(r.status).toBe(400);
    expect(faultOf(r.body).reason).toBe('The message exceeds a size limit: text longer than 1048576 characters');
  });

  it('refuses a SAML assertion over the assertion size limit before verifying it', async () => {
    const big = signAssertion(assertionXml({ subjectId: 'S'.repeat(70_000) }), pki.leafKeyPem, pki.leafCertPem);
    const r = await post('iti38', QUERY, adhocQuery(1), securityHeader(big));
    expect(r.status).toBe(400);
    expect(faultOf(r.body).reason).toBe('The message exceeds a size limit: a SAML assertion larger than 65536 characters');
  });

  it('accepts a valid 20 MB envelope within the configured limits, verifying its assertion', async () => {
    const padding = `<x:Pad xmlns:x="urn:x">${'p'.repeat(800_000)}</x:Pad>`.repeat(25);
    const r = await post('iti39', RETRIEVE, retrieve(1), signed() + padding);
    expect(r.status).toBe(200);
    expect(r.body).toContain('XDSDocumentUniqueIdError');
  });
});

describe('XCA request bounds (XUA required, XML element limit raised so the handlers see the request)', () => {
  let pki: TestPki;
  let gw: StartedGateway;
  let signed: () => string;

  async function post(endpoint: string, action: string, payload: string) {
    const res = await fetch(`${gw.url}/SOAP/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest(action, payload, { headers: signed() }),
    });
    return { status: res.status, body: await res.text() };
  }

  beforeAll(async () => {
    pki = makeTestPki();
    signed = () => securityHeader(signAssertion(assertionXml(), pki.leafKeyPem, pki.leafCertPem));
    gw = await startGateway({
      XUA_MODE: 'required',
      XUA_TRUSTED_CERTS: pki.caCertFile,
      XUA_AUDIENCE: 'urn:gw:test-audience',
      REDIS_URL: '',
      SOAP_MAX_XML_ELEMENTS: '100000',
    });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(pki.dir, { recursive: true, force: true });
  });

  it('answers an ITI-38 with 10k Slots with XDSRegistryOutOfResources', async () => {
    const r = await post('iti38', QUERY, adhocQuery(10_000));
    expect(r.status).toBe(200);
    const res = parseXml(r.body);
    const errors = descendants(res, RS, 'RegistryError').map((e) => attr(e, 'errorCode'));
    expect(errors).toEqual(['XDSRegistryOutOfResources']);
  });

  it('answers an ITI-39 with 10k DocumentRequests with XDSRepositoryOutOfResources, auditing a bounded list', async () => {
    const r = await post('iti39', RETRIEVE, retrieve(10_000));
    expect(r.status).toBe(200);
    expect(r.body).toContain('errorCode="XDSRepositoryOutOfResources"');
    const rec = gw.app.get(AuditService).recent(1)[0];
    expect(rec).toMatchObject({ transaction: 'ITI-39', outcome: 'query-error' });
    expect(rec.documentIds!.length).toBeLessThanOrEqual(51);
  });
});
