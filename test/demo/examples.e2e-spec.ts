import { DEMO_SIGNER_IN_MEMORY, loadOrCreateDemoSigner } from '@gw/xua';
import { attr, descendants, NS } from '@gw/soap';
import { discoverPatient, findDocuments, retrieveDocument } from '../../scripts/demo/iti-steps';
import { payload, postSoap, RIM } from '../../scripts/demo/soap-call';
import {
  demoAssertion,
  EXAMPLES,
  readExample,
  signEnvelope,
  withDocumentUniqueId,
  type ExampleName,
} from '../../scripts/demo/signed-examples';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';

const NAMES = Object.keys(EXAMPLES) as ExampleName[];
const SUCCESS = 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success';
const ADMIN_API_KEY = 'examples-e2e-admin-key-0123456789';
const UNIQUE_ID_SCHEME = 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab';

describe('examples/: the example request of every transaction', () => {
  it.each(NAMES)('%s is a complete SOAP 1.2 envelope that the IHE validator accepts (strict)', async (name) => {
    const v = await validateIhe(readExample(name), { strict: true });
    if (!v.ok) throw new Error(v.output);
  });

  it.each(NAMES)('%s, signed as the demo sends it, still validates, WS-Security and SAML included', async (name) => {
    const { signer } = loadOrCreateDemoSigner(DEMO_SIGNER_IN_MEMORY);
    const signed = signEnvelope(readExample(name), demoAssertion(signer), 'http://localhost:3000/SOAP/x');
    expect(signed).toContain('<saml2:Assertion');
    const v = await validateIhe(signed, { strict: true });
    if (!v.ok) throw new Error(v.output);
  });
});

describe('examples/ sent over HTTP to the gateway with XUA required, signed by the demo signer', () => {
  let gw: StartedGateway;
  let assertion: string;

  beforeAll(async () => {
    gw = await startGateway({ XUA_MODE: 'required', ADMIN_API_KEY, CACHE_NAMESPACE: `examples-e2e-${process.pid}` });
    assertion = demoAssertion(loadOrCreateDemoSigner(DEMO_SIGNER_IN_MEMORY).signer);
  });
  afterAll(async () => {
    await gw?.close();
  });

  const send = (name: ExampleName, envelope = readExample(name)) =>
    postSoap(gw.url, EXAMPLES[name].endpoint, signEnvelope(envelope, assertion, `${gw.url}/SOAP/${EXAMPLES[name].endpoint}`));

  it.each(['iti47', 'iti55'] as const)('%s finds the sandbox patient (queryResponseCode OK)', async (name) => {
    const answer = await send(name);
    expect(attr(descendants(payload(answer), NS.hl7, 'queryResponseCode')[0], 'code')).toBe('OK');
    expect(
      attr(
        descendants(payload(answer), NS.hl7, 'patient')[0]?.children.find((c) => c.local === 'id'),
        'extension',
      ),
    ).toBe('9690937286');
  });

  it('FindDocuments, GetDocuments and ITI-39 answer Success for the same document', async () => {
    // XCA answers by NHS number after this organisation's demographic match, as the demo runs it.
    await send('iti55');
    const found = await send('iti38Find');
    expect(attr(payload(found), 'status')).toBe(SUCCESS);
    const entries = descendants(payload(found), RIM, 'ExtrinsicObject');
    expect(entries).toHaveLength(1);
    const uniqueId = attr(
      descendants(entries[0], RIM, 'ExternalIdentifier').find((x) => attr(x, 'identificationScheme') === UNIQUE_ID_SCHEME),
      'value',
    )!;

    const got = await send('iti38Get', withDocumentUniqueId(readExample('iti38Get'), uniqueId));
    expect(attr(payload(got), 'status')).toBe(SUCCESS);
    expect(descendants(payload(got), RIM, 'ExtrinsicObject')).toHaveLength(1);

    const retrieved = await send('iti39', withDocumentUniqueId(readExample('iti39'), uniqueId));
    expect(retrieved.contentType).toMatch(/^multipart\/related/);
    expect(attr(descendants(payload(retrieved), 'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0', 'RegistryResponse')[0], 'status')).toBe(
      SUCCESS,
    );
    expect(retrieved.attachments.size).toBe(1);
  });

  it('the demo steps read the answers: patient, entry, and bytes equal to the entry size and SHA-1', async () => {
    const patient = await discoverPatient(gw.url, assertion);
    expect(patient).toMatchObject({ nhsNumber: '9690937286', root: '2.16.840.1.113883.2.1.4.1', name: 'HORACE Josiah SKELLY' });
    const [entry] = await findDocuments(gw.url, assertion, patient);
    const doc = await retrieveDocument(gw.url, assertion, entry);
    expect([doc.bytes.length, doc.sha1]).toEqual([entry.size, entry.hash]);
    expect(doc.bytes.toString('utf8')).toContain('<ClinicalDocument');
  });

  it('the same example without a signature is refused (XUA stays required)', async () => {
    const res = await fetch(`${gw.url}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml' },
      body: readExample('iti55'),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('wsse:InvalidSecurity');
  });

  it('POST /admin/xua/demo-assertion (admin key) mints an assertion the gateway accepts; without the key, 401', async () => {
    const mint = (key?: string) =>
      fetch(`${gw.url}/admin/xua/demo-assertion`, { method: 'POST', headers: key ? { authorization: `Bearer ${key}` } : {} });
    expect((await mint()).status).toBe(401);
    const res = await mint(ADMIN_API_KEY);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { assertion: string; subjectId: string; validForSeconds: number };
    expect(body).toMatchObject({ subjectId: 'DEMO, Clinician', validForSeconds: 900 });
    const answer = await postSoap(gw.url, 'iti55', signEnvelope(readExample('iti55'), body.assertion, `${gw.url}/SOAP/iti55`));
    expect(attr(descendants(payload(answer), NS.hl7, 'queryResponseCode')[0], 'code')).toBe('OK');
  });
});
