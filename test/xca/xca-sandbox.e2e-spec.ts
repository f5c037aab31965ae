import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { attr, child, parseXml } from '@gw/soap';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { validateCcdaBatch } from '../support/ccda-validator';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { matchPatient, sandboxPatient } from '../support/patient-match';
import { IHE_MESSAGES, soapRequest, withPdqParameters } from '../support/soap-messages';
import { hl7TsToDtm } from '@gw/hl7-datatypes';

const QUERY = 'urn:ihe:iti:2007:CrossGatewayQuery';
const RETRIEVE = 'urn:ihe:iti:2007:CrossGatewayRetrieve';
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';
const ADMIN_KEY = 'xca-e2e-admin-key-0123456789abcdef';
const UNIQUE_ID = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/;

function sample(rel: string): string {
  return readFileSync(path.join(IHE_MESSAGES, rel), 'utf8');
}

function findDocuments(nhs: string, returnType = 'LeafClass'): string {
  return sample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml')
    .replace('$patient_id$', `${nhs}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`)
    .replace('returnType="ObjectRef"', `returnType="${returnType}"`);
}

function retrieve(...uids: string[]): string {
  const reqs = uids
    .map(
      (u) =>
        `<DocumentRequest><HomeCommunityId>${HOME}</HomeCommunityId><RepositoryUniqueId>${REPO}</RepositoryUniqueId><DocumentUniqueId>${u}</DocumentUniqueId></DocumentRequest>`,
    )
    .join('');
  return `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007">${reqs}</RetrieveDocumentSetRequest>`;
}

/** Splits a multipart/related body into parts (headers lower-cased), byte-exact. */
function mimeParts(body: Buffer, contentType: string): { headers: Record<string, string>; data: Buffer }[] {
  const boundary = /boundary="([^"]+)"/.exec(contentType)![1];
  const delim = Buffer.from(`--${boundary}`);
  const parts: { headers: Record<string, string>; data: Buffer }[] = [];
  let pos = body.indexOf(delim);
  while (pos >= 0) {
    const start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delim, start);
    const chunk = body.subarray(start + 2, next - 2); // after CRLF, before CRLF--boundary
    const sep = chunk.indexOf('\r\n\r\n');
    const headers = Object.fromEntries(
      chunk
        .subarray(0, sep)
        .toString('latin1')
        .split('\r\n')
        .map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    parts.push({ headers, data: chunk.subarray(sep + 4) });
    pos = next;
  }
  return parts;
}

describe('ITI-38 → ITI-39 end to end: SOAP over HTTP → gateway → NHS sandbox (PDS, SDS, GP Connect)', () => {
  let gw: StartedGateway;

  beforeAll(async () => {
    // Own cache namespace: suites run in parallel on one redis-server, each with its own sandbox.
    gw = await startGateway({ ADMIN_API_KEY: ADMIN_KEY, XCA_UPSTREAM_DEADLINE_MS: '3000', CACHE_NAMESPACE: `xca-e2e-${process.pid}` });
  });
  afterAll(async () => {
    await gw?.close();
  });

  async function post(endpoint: string, action: string, payload: string, mtom = false) {
    const envelope = soapRequest(action, payload);
    const headers: Record<string, string> = {};
    let body: Buffer;
    if (mtom) {
      const b = 'uuid:898b3ded-c057-48c5-9f07-43a15680b58d+id=5';
      headers['content-type'] =
        `multipart/related; type="application/xop+xml"; start="<http://tempuri.org/0>"; boundary="${b}"; start-info="application/soap+xml"`;
      body = Buffer.from(
        `--${b}\r\nContent-ID: <http://tempuri.org/0>\r\nContent-Transfer-Encoding: 8bit\r\nContent-Type: application/xop+xml;charset=utf-8;type="application/soap+xml"\r\n\r\n${envelope}\r\n--${b}--\r\n`,
      );
    } else {
      headers['content-type'] = 'application/soap+xml; charset=utf-8';
      body = Buffer.from(envelope);
    }
    const res = await fetch(`${gw.url}/SOAP/${endpoint}`, { method: 'POST', headers, body: new Uint8Array(body) });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
  }

  /**
   * XCA answers by NHS number only after the requester matched the patient with demographics, as
   * an initiating gateway does (ITI-55 first); patients without demographics are asked unmatched.
   */
  const matched = new Set<string>();
  async function query(nhs: string, returnType = 'LeafClass') {
    if (!matched.has(nhs) && sandboxPatient(nhs)) {
      expect(await matchPatient(gw.url, nhs)).toContain('<queryResponseCode code="OK"/>');
      matched.add(nhs);
    }
    const r = await post('iti38', QUERY, findDocuments(nhs, returnType));
    const v = await validateIhe(r.body, { strict: true });
    if (!v.ok) throw new Error(v.output);
    return { ...r, xml: r.body.toString('utf8') };
  }

  it('main demonstrator patient: query → retrieve (MTOM request and response) → the bytes the metadata describes, a valid CCD', async () => {
    const q = await query('9690937286');
    expect(q.status).toBe(200);
    expect(q.xml).toContain('ResponseStatusType:Success');
    const uid = UNIQUE_ID.exec(q.xml)![1];
    const hash = /<rim:Slot name="hash"><rim:ValueList><rim:Value>([0-9a-f]{40})</.exec(q.xml)![1];
    const size = Number(/<rim:Slot name="size"><rim:ValueList><rim:Value>(\d+)</.exec(q.xml)![1]);
    expect(q.xml).toContain('COXWOLD SURGERY^^^^^&amp;2.16.840.1.113883.2.1.4.3&amp;ISO^^^^B82617');

    const r = await post('iti39', RETRIEVE, retrieve(uid), true);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^multipart\/related;.*type="application\/xop\+xml"/);
    const v = await validateIhe(r.body, { strict: true, contentType: r.contentType });
    if (!v.ok) throw new Error(v.output);
    const parts = mimeParts(r.body, r.contentType);
    expect(parts).toHaveLength(2);
    expect(parts[0].data.toString('utf8')).toContain('ResponseStatusType:Success');
    const doc = parts[1].data;
    expect(parts[1].headers['content-type']).toBe('text/xml');
    expect(doc.length).toBe(size);
    expect(createHash('sha1').update(doc).digest('hex')).toBe(hash);
    const [ccd] = await validateCcdaBatch([{ name: 'retrieved.xml', xml: doc }], { errorsOnly: true });
    expect([ccd.wellFormed, ccd.xsdErrors, ccd.schematronErrors]).toEqual([true, 0, 0]);
    expect(doc.toString('utf8')).toContain(`<id root="${uid}"/>`);

    // The metadata describes this document (ITI TF-3 Table 4.3.1-3 ↔ the CDA header).
    const cda = parseXml(doc.toString('utf8'));
    const slot = (name: string) => new RegExp(`<rim:Slot name="${name}"><rim:ValueList><rim:Value>([^<]+)<`).exec(q.xml)?.[1];
    const code = (scheme: string) =>
      new RegExp(`classificationScheme="${scheme}" classifiedObject="[^"]+" nodeRepresentation="([^"]+)"`).exec(q.xml)?.[1];
    const hl7 = 'urn:hl7-org:v3';
    expect(slot('creationTime')).toBe(hl7TsToDtm(attr(child(cda, hl7, 'effectiveTime'), 'value')!));
    expect(slot('languageCode')).toBe(attr(child(cda, hl7, 'languageCode'), 'code'));
    expect(code('urn:uuid:f0306f51-975f-434e-a61c-c59651d33983')).toBe(attr(child(cda, hl7, 'code'), 'code'));
    expect(code('urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f')).toBe(attr(child(cda, hl7, 'confidentialityCode'), 'code'));
    const svc = child(child(child(cda, hl7, 'documentationOf'), hl7, 'serviceEvent'), hl7, 'effectiveTime');
    expect(slot('serviceStartTime')).toBe(hl7TsToDtm(attr(child(svc, hl7, 'low'), 'value')!));
    expect(slot('serviceStopTime')).toBe(hl7TsToDtm(attr(child(svc, hl7, 'high'), 'value')!));
    const patientId = child(child(child(cda, hl7, 'recordTarget'), hl7, 'patientRole'), hl7, 'id');
    expect(slot('sourcePatientId')).toBe(`${attr(patientId, 'extension')}^^^&amp;${attr(patientId, 'root')}&amp;ISO`);
  });

  it('ITI-38 sent as MTOM (WCF framing) is answered as plain SOAP, valid', async () => {
    await query('9690937286');
    const r = await post('iti38', QUERY, findDocuments('9690937286'), true);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/soap\+xml/);
    expect(r.body.toString('utf8')).toContain('ResponseStatusType:Success');
    const v = await validateIhe(r.body, { strict: true });
    if (!v.ok) throw new Error(v.output);
  });

  it('a second query is served from the cache: same document', async () => {
    const a = await query('9690937278');
    const b = await query('9690937278');
    expect(UNIQUE_ID.exec(b.xml)![1]).toBe(UNIQUE_ID.exec(a.xml)![1]);
  });

  it.each([
    ['empty lists', '9690937278'],
    ['warnings (confidential items, data in transit)', '9690938118'],
    ['data-in-transit on every list', '9690938096'],
  ])('%s (%s): one entry, and the retrieved CCD validates', async (_n, nhs) => {
    const q = await query(nhs, 'LeafClass');
    const uid = UNIQUE_ID.exec(q.xml)![1];
    const r = await post('iti39', RETRIEVE, retrieve(uid));
    const parts = mimeParts(r.body, r.contentType);
    const [ccd] = await validateCcdaBatch([{ name: `${nhs}.xml`, xml: parts[1].data }], { errorsOnly: true });
    expect([ccd.xsdErrors, ccd.schematronErrors]).toEqual([0, 0]);
  });

  it.each([
    ['restricted (R)', 'XDSUnknownPatientId', SANDBOX_PATIENTS.restricted[0].nhsNumber],
    ['restricted demonstrator', 'XDSUnknownPatientId', SANDBOX_PATIENTS.restricted[1].nhsNumber],
    ['not on PDS', 'XDSUnknownPatientId', '9111231130'],
    ['invalid NHS number', 'XDSUnknownPatientId', '9000000000'],
    ['no consent', 'XDSRegistryError', '9690938576'],
  ])('%s → Failure %s', async (_n, code, nhs) => {
    const q = await query(nhs);
    expect(q.xml).toContain('ResponseStatusType:Failure');
    expect([...q.xml.matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1])).toEqual([code]);
    expect(q.xml).not.toContain(nhs);
  });

  it('a restricted patient gets the same answer as an unknown one (byte for byte, after ids)', async () => {
    const strip = (s: string) => s.replace(/urn:uuid:[0-9a-f-]{36}/g, 'X');
    const a = await query(SANDBOX_PATIENTS.restricted[0].nhsNumber);
    const b = await query('9111231130');
    const body = (s: string) => strip(s.slice(s.indexOf('<s:Body>')));
    expect(body(a.xml)).toBe(body(b.xml));
  });

  it('sensitive at the practice (GP Connect 404) → Success with no documents', async () => {
    const q = await query('9690938541');
    expect(q.xml).toContain('ResponseStatusType:Success');
    expect(q.xml).toContain('<rim:RegistryObjectList/>');
  });

  it('GP Connect 500 → XDSRegistryError; the gateway stays healthy and the next query succeeds', async () => {
    gw.sandbox.faults.add({ path: 're:structuredrecord', status: 500, times: 2 });
    const q = await query('9690937294');
    expect([...q.xml.matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1])).toEqual(['XDSRegistryError']);
    gw.sandbox.faults.set([]);
    const ok = await query('9690937294');
    expect(ok.xml).toContain('ResponseStatusType:Success');
    const health = await fetch(`${gw.url}/health/live`);
    expect(health.status).toBe(200);
  });

  it('malformed GP Connect bundle → XDSRegistryError, never a fault', async () => {
    gw.sandbox.faults.add({ path: 're:structuredrecord', status: 200, body: 'malformed', times: 2 });
    const q = await query('9690937308');
    expect(q.status).toBe(200);
    expect([...q.xml.matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1])).toEqual(['XDSRegistryError']);
    gw.sandbox.faults.set([]);
  });

  it('slow GP Connect → XDSRegistryBusy at the deadline; the fetch completes and the next query hits the cache', async () => {
    gw.sandbox.faults.add({ path: 're:structuredrecord', latencyMs: 4500, times: 1 });
    const q = await query('9690937375');
    expect([...q.xml.matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1])).toEqual(['XDSRegistryBusy']);
    gw.sandbox.faults.set([]);
    // Poll without timing assertions: the finished fetch fills the cache.
    let xml = '';
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 500));
      xml = (await query('9690937375')).xml;
      if (!xml.includes('XDSRegistryBusy')) break;
    }
    expect(xml).toContain('ResponseStatusType:Success');
    expect(UNIQUE_ID.test(xml)).toBe(true);
  });

  it('third-party ITI-38 request as sent (Norwegian patient domain) → XDSUnknownPatientId, valid response', async () => {
    const res = await fetch(`${gw.url}/SOAP/iti38`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: sample('iti-38/request/nhn-IT_iti-38_request.xml'),
    });
    const body = await res.text();
    expect(res.status).toBe(200);
    expect([...body.matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1])).toEqual(['XDSUnknownPatientId']);
    expect(body).toContain('<a:RelatesTo>urn:uuid:c6fda90e-a5ec-4f8d-aa1b-14802f4bf68d</a:RelatesTo>');
    const v = await validateIhe(body, { strict: true });
    if (!v.ok) throw new Error(v.output);
  });

  it.each([
    ['as sent', 'XDSUnknownCommunity'],
    ['with our ids', 'none'],
  ])('third-party MTOM ITI-39 request (Axis2, UTF-8 repaired) %s → MTOM response, errors: %s', async (label, code) => {
    let mime = readFileSync(path.join(IHE_MESSAGES, 'iti-39/request/DERIVED-nhn-IT_iti-39_request-multipart-utf8.mime'));
    if (label === 'with our ids') {
      const q = await query('9690937286');
      const uid = UNIQUE_ID.exec(q.xml)![1];
      mime = Buffer.from(
        mime
          .toString('utf8')
          .replace('urn:oid:2.16.578.1.12.4.5.100.1<', `${HOME}<`)
          .replace('2.16.578.1.12.4.5.100.1.2<', `${REPO}<`)
          .replace('4955f740-0be2-49f3-9e67-039f0a00ad6c<', `${uid}<`),
        'utf8',
      );
    }
    const boundary = /^--([^\r\n]+)/.exec(mime.toString('latin1'))![1];
    const res = await fetch(`${gw.url}/SOAP/iti39`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="<0.dab1d70f258a850f06f926ab5645aaa9111f017d951cfe8d@apache.org>"; start-info="application/soap+xml"`,
      },
      body: new Uint8Array(mime),
    });
    const contentType = res.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(contentType).toMatch(/^multipart\/related/);
    const codes = [...bytes.toString('utf8').matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1]);
    expect(codes).toEqual(code === 'none' ? [] : [code]);
    const v = await validateIhe(bytes, { strict: true, contentType });
    if (!v.ok) throw new Error(v.output);
  });

  it('metrics: per-transaction outcomes, cache hits and misses, documents generated, GP Connect latency', async () => {
    await query('9690937286');
    const m = await (await fetch(`${gw.url}/metrics`)).text();
    expect(m).toMatch(/gw_ihe_responses_total\{transaction="ITI-38",status="Success",error="none"\} [1-9]/);
    expect(m).toMatch(/gw_ihe_responses_total\{transaction="ITI-38",status="Failure",error="XDSUnknownPatientId"\} [1-9]/);
    expect(m).toMatch(/gw_ihe_responses_total\{transaction="ITI-39",status="Success",error="none"\} [1-9]/);
    expect(m).toMatch(/gw_ihe_handler_seconds_count\{transaction="ITI-38",status="Success"\} [1-9]/);
    expect(m).toMatch(/gw_xca_document_cache_total\{result="hit"\} [1-9]/);
    expect(m).toMatch(/gw_xca_document_cache_total\{result="miss"\} [1-9]/);
    expect(m).toMatch(/gw_xca_documents_generated_total [1-9]/);
    expect(m).toMatch(/gw_xca_gp_record_fetch_seconds_count\{outcome="document"\} [1-9]/);
    expect(m).toMatch(/gw_upstream_request_duration_seconds_count\{service="gp-connect"/);
    // no patient identifier ever appears in a label
    expect(m).not.toMatch(/96909\d{5}/);
  });

  it('Epic flow: ITI-55 with a Care Everywhere id and demographics, then ITI-38 by that CEID finds the GP record', async () => {
    const ceidRoot = '1.2.840.114350.1.13.525.3.7.3.688884.100';
    const ceid = `CEID${Date.now()}`;
    const p = SANDBOX_PATIENTS.found.find((x) => x.nhsNumber === '9690937294')!;
    const discovery = withPdqParameters(sample('iti-55/request/ipf-iti55-sample-request.xml'), {
      ids: [{ root: ceidRoot, extension: ceid }],
      family: p.family,
      given: p.given?.slice(0, 1),
      birthTime: p.birthDate?.replace(/-/g, ''),
      gender: p.gender === 'male' ? 'M' : 'F',
    });
    const before = await post(
      'iti38',
      QUERY,
      findDocuments(ceid).replace(`${ceid}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`, `${ceid}^^^&amp;${ceidRoot}&amp;ISO`),
    );
    expect([...before.body.toString().matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1])).toEqual(['XDSUnknownPatientId']);
    const d = await post('iti55', 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery', discovery);
    expect(d.body.toString()).toContain('<queryResponseCode code="OK"/>');
    const q = await post(
      'iti38',
      QUERY,
      findDocuments(ceid).replace(`${ceid}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`, `${ceid}^^^&amp;${ceidRoot}&amp;ISO`),
    );
    const xml = q.body.toString();
    expect(xml).toContain('ResponseStatusType:Success');
    // The entry names the patient in our domain: the NHS number ITI-55 returned.
    expect(xml).toContain(`value="${p.nhsNumber}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO"`);
    const v = await validateIhe(q.body, { strict: true });
    if (!v.ok) throw new Error(v.output);
  });

  it('admin: list, fetch, render and refresh a patient’s document', async () => {
    const q = await query('9690937286');
    const uid = UNIQUE_ID.exec(q.xml)![1];
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    const list = await (await fetch(`${gw.url}/admin/documents/patients/9690937286`, { headers: auth })).json();
    expect(list.documents[0]).toMatchObject({ uniqueId: uid, current: true, mimeType: 'text/xml' });
    const content = await fetch(`${gw.url}/admin/documents/${uid}`, { headers: auth });
    expect(content.headers.get('content-type')).toContain('text/xml');
    const bytes = Buffer.from(await content.arrayBuffer());
    expect(createHash('sha1').update(bytes).digest('hex')).toBe(list.documents[0].hash);
    const html = await fetch(`${gw.url}/admin/documents/${uid}/html`, { headers: auth });
    expect(html.headers.get('content-type')).toContain('text/html');
    const page = await html.text();
    expect(page).toContain('<h2>');
    expect(page).not.toMatch(/<script/i);
    const refreshed = await fetch(`${gw.url}/admin/documents/patients/9690937286/refresh`, { method: 'POST', headers: auth });
    expect(refreshed.status).toBe(200);
    const r = await refreshed.json();
    expect(r.uniqueId).not.toBe(uid);
    expect((await fetch(`${gw.url}/admin/documents/patients/9690937286`)).status).toBe(401);
    expect((await fetch(`${gw.url}/admin/documents/patients/1234567890`, { headers: auth })).status).toBe(400);
    expect((await fetch(`${gw.url}/admin/documents/2.25.1`, { headers: auth })).status).toBe(404);
    const openapi = await (await fetch(`${gw.url}/docs-json`)).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/admin/documents/patients/{nhsNumber}',
        '/admin/documents/patients/{nhsNumber}/refresh',
        '/admin/documents/{uniqueId}',
        '/admin/documents/{uniqueId}/html',
      ]),
    );
  });
});
