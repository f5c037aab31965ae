import { createHash } from 'node:crypto';
import * as soap from 'soap';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { validateCcdaBatch } from '../support/ccda-validator';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { lastResponseBytes, soapClient as client } from '../support/soap-client';
import { validateIhe } from '../support/ihe-validator';
import { parseXml, serializeElement } from '@gw/soap';
import { readSample, withPdqParameters } from '../support/soap-messages';

const NHS_OID = '2.16.840.1.113883.2.1.4.1';

/**
 * The payload's children, each serialised with every namespace in scope, for node-soap's `$xml`
 * (node-soap writes the operation's element itself and puts `$xml` inside it).
 */
function innerXml(payload: string): string {
  return parseXml(payload).children.map(serializeElement).join('');
}

type Callback = (err: { body?: string } | null, res: unknown, raw: string) => void;

/** Calls an operation with the payload's children as raw XML; resolves with the raw response body. */
function call(c: soap.Client, operation: string, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    (c as unknown as Record<string, (a: unknown, cb: Callback) => void>)[operation]({ $xml: innerXml(payload) }, (err, _res, raw) => {
      const body = raw ?? err?.body;
      if (body === undefined) reject(err);
      else resolve(body);
    });
  });
}

/** The MIME parts of a multipart/related body (CRLF framing), byte-exact. */
function mimeParts(body: Buffer): { headers: string; body: Buffer }[] {
  const boundary = /^--([^\r\n]+)\r\n/.exec(body.subarray(0, 200).toString('latin1'))![1];
  const delim = Buffer.from(`--${boundary}`);
  const parts: { headers: string; body: Buffer }[] = [];
  let pos = body.indexOf(delim);
  while (pos >= 0 && body.subarray(pos + delim.length, pos + delim.length + 2).toString() !== '--') {
    const next = body.indexOf(delim, pos + delim.length);
    const chunk = body.subarray(pos + delim.length + 2, next - 2);
    const sep = chunk.indexOf('\r\n\r\n');
    parts.push({ headers: chunk.subarray(0, sep).toString('latin1'), body: chunk.subarray(sep + 4) });
    pos = next;
  }
  return parts;
}

describe('ITI-47 → ITI-38 → ITI-39 with the npm soap client (WSDL from the gateway)', () => {
  let gw: StartedGateway;
  let pdq: soap.Client;
  let xcq: soap.Client;
  let xcr: soap.Client;

  beforeAll(async () => {
    // Own cache namespace: suites run in parallel on one redis-server, each with its own sandbox.
    gw = await startGateway({ CACHE_NAMESPACE: `xca-soap-${process.pid}` });
    pdq = await client(gw, 'iti47', 'urn:hl7-org:v3:PRPA_IN201305UV02');
    xcq = await client(gw, 'iti38', 'urn:ihe:iti:2007:CrossGatewayQuery');
    xcr = await client(gw, 'iti39', 'urn:ihe:iti:2007:CrossGatewayRetrieve');
  });
  afterAll(async () => {
    await gw?.close();
  });

  /** ITI-47 by NHS number and demographics; the discovered NHS number, or undefined when not disclosed. */
  async function discover(p: {
    nhsNumber: string;
    family?: string;
    given?: string[];
    gender?: string;
    birthDate?: string;
  }): Promise<string | undefined> {
    const pdqReq = withPdqParameters(readSample('iti-47/request/ipf-PDQ_ID_Query.xml'), {
      ids: [{ root: NHS_OID, extension: p.nhsNumber }],
      family: p.family,
      given: p.given?.slice(0, 1),
      birthTime: p.birthDate?.replace(/-/g, ''),
      gender: p.gender === 'male' ? 'M' : 'F',
    });
    const found = await call(pdq, 'PDQSupplier_PRPA_IN201305UV02', pdqReq);
    return new RegExp(`<id root="${NHS_OID.replace(/\./g, '\\.')}" extension="(\\d{10})"`).exec(found)?.[1];
  }

  async function findDocuments(nhs: string): Promise<string> {
    const q = readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml')
      .replace('$patient_id$', `${nhs}^^^&amp;${NHS_OID}&amp;ISO`)
      .replace('returnType="ObjectRef"', 'returnType="LeafClass"');
    const query = await call(xcq, 'RespondingGateway_CrossGatewayQuery', q);
    const v = await validateIhe(query, { strict: true });
    if (!v.ok) throw new Error(v.output);
    return query;
  }

  async function flow(p: { nhsNumber: string; family?: string; given?: string[]; gender?: string; birthDate?: string }) {
    const id = await discover(p);
    expect(id).toBe(p.nhsNumber);
    return findDocuments(id!);
  }

  it.each([
    ['data', SANDBOX_PATIENTS.found.find((p) => p.nhsNumber === '9690937286')!],
    ['empty lists', SANDBOX_PATIENTS.found.find((p) => p.nhsNumber === '9690937278')!],
    ['warnings', SANDBOX_PATIENTS.found.find((p) => p.nhsNumber === '9690938118')!],
  ])('patient with %s: discover, query, retrieve (MTOM response), valid CCD', async (_n, p) => {
    const raw = await flow(p);
    const uid = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/.exec(raw)![1];
    const hash = /<rim:Slot name="hash"><rim:ValueList><rim:Value>([0-9a-f]{40})</.exec(raw)![1];
    const home = /home="(urn:oid:[^"]+)"/.exec(raw)![1];
    const repo = /<rim:Slot name="repositoryUniqueId"><rim:ValueList><rim:Value>([^<]+)</.exec(raw)![1];
    const r = await call(
      xcr,
      'RespondingGateway_CrossGatewayRetrieve',
      `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"><DocumentRequest><HomeCommunityId>${home}</HomeCommunityId><RepositoryUniqueId>${repo}</RepositoryUniqueId><DocumentUniqueId>${uid}</DocumentUniqueId></DocumentRequest></RetrieveDocumentSetRequest>`,
    );
    expect(r).toContain('ResponseStatusType:Success');
    const [root, doc] = mimeParts(lastResponseBytes()!);
    expect(root.headers).toContain('application/xop+xml');
    expect(doc.headers).toContain('Content-Type: text/xml');
    const bytes = doc.body;
    expect(createHash('sha1').update(bytes).digest('hex')).toBe(hash);
    const [ccd] = await validateCcdaBatch([{ name: 'doc.xml', xml: bytes }], { errorsOnly: true });
    expect([ccd.xsdErrors, ccd.schematronErrors]).toEqual([0, 0]);
  });

  it.each([
    ['restricted (R)', SANDBOX_PATIENTS.restricted[1]],
    ['very restricted (V)', SANDBOX_PATIENTS.veryRestricted[0]],
  ])('%s patient: discovery discloses nothing, and a query by NHS number is XDSUnknownPatientId', async (_n, p) => {
    expect(await discover(p)).toBeUndefined();
    const raw = await findDocuments(p.nhsNumber);
    expect([...raw.matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1])).toEqual(['XDSUnknownPatientId']);
  });

  it('deceased patient at the practice (GP Connect 404): discovered, then no documents, no reason given', async () => {
    const p = SANDBOX_PATIENTS.deceased.find((d) => d.nhsNumber === '9690938681')!;
    const raw = await flow(p);
    expect(raw).toContain('ResponseStatusType:Success');
    expect(raw).not.toContain('RegistryError');
  });

  it.each([
    ['no consent', SANDBOX_PATIENTS.foundButGpRecordRefused.find((p) => p.nhsNumber === '9690938576')!, 'XDSRegistryError', 'Failure'],
    [
      'sensitive at the practice',
      SANDBOX_PATIENTS.foundButGpRecordRefused.find((p) => p.nhsNumber === '9690938541')!,
      undefined,
      'Success',
    ],
  ])('error patient (%s): discovered, then the query says so', async (_n, p, code, status) => {
    const raw = await flow(p);
    expect(raw).toContain(`ResponseStatusType:${status}`);
    expect([...raw.matchAll(/errorCode="([^"]+)"/g)].map((m) => m[1])).toEqual(code ? [code] : []);
  });
});
