import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createClientAsync } from 'soap';
import { AuditService } from '@gw/audit';
import { attr, child, descendants, parseXml, text, NS } from '@gw/soap';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { readSample, soapRequest, stripXmlDeclaration, withPdqParameters } from '../support/soap-messages';

const HL7 = 'urn:hl7-org:v3';
const NHS_OID = '2.16.840.1.113883.2.1.4.1';
const ITI55 = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
const ITI47 = 'urn:hl7-org:v3:PRPA_IN201305UV02';

const patient = SANDBOX_PATIENTS.found[0];
const params = {
  ids: [{ root: NHS_OID, extension: patient.nhsNumber }],
  family: patient.family,
  given: patient.given?.slice(0, 1),
  birthTime: patient.birthDate!.replace(/-/g, ''),
  gender: patient.gender === 'male' ? 'M' : 'F',
};

/** A loopback receiver for asynchronous (ReplyTo) responses. */
async function startReceiver(): Promise<{
  server: Server;
  url: string;
  received: Promise<{ headers: Record<string, unknown>; body: string }>;
}> {
  let resolve!: (v: { headers: Record<string, unknown>; body: string }) => void;
  const received = new Promise<{ headers: Record<string, unknown>; body: string }>((r) => (resolve = r));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(202).end();
      resolve({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, received };
}

describe('SOAP edge in the full gateway (real HTTP, NHS sandbox)', () => {
  let gw: StartedGateway;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    gw = await startGateway({ WSA_REPLYTO_ALLOWLIST: receiver.url, SOAP_MAX_BODY_BYTES: String(2 * 1024 * 1024) });
  });
  afterAll(async () => {
    await gw?.close();
    await new Promise((r) => receiver.server.close(r));
  });

  it.each([
    ['iti55', 'RespondingGateway_PRPA_IN201305UV02', ITI55, 'iti-55/request/ipf-iti55-sample-request.xml'],
    ['iti47', 'PDQSupplier_PRPA_IN201305UV02', ITI47, 'iti-47/request/ipf-PDQ_ID_Query.xml'],
  ])('round-trips with the npm soap client built from /SOAP/%s?wsdl', async (endpoint, operation, action, sample) => {
    const client = await createClientAsync(`${gw.url}/SOAP/${endpoint}?wsdl`, { forceSoap12Headers: true });
    const messageId = `urn:uuid:${randomUUID()}`;
    client.addSoapHeader(`<wsa:Action xmlns:wsa="http://www.w3.org/2005/08/addressing">${action}</wsa:Action>`);
    client.addSoapHeader(`<wsa:MessageID xmlns:wsa="http://www.w3.org/2005/08/addressing">${messageId}</wsa:MessageID>`);
    const call = (client as unknown as Record<string, (args: unknown) => Promise<[unknown, string]>>)[`${operation}Async`];
    expect(typeof call).toBe('function');
    const [, rawResponse] = await call.call(client, { _xml: stripXmlDeclaration(withPdqParameters(readSample(sample), params)) });
    const env = parseXml(rawResponse);
    expect(text(child(child(env, NS.soap12, 'Header'), NS.wsa, 'RelatesTo'))).toBe(messageId);
    const ack = descendants(env, HL7, 'queryResponseCode')[0];
    expect(attr(ack, 'code')).toBe('OK');
    expect((await validateIhe(rawResponse, { strict: true })).errors).toBe(0);
  });

  it('carries the HTTP X-Request-ID (a UUID) into the audit record, and never a caller id that is not a UUID', async () => {
    const audit = gw.app.get(AuditService);
    const body = soapRequest(ITI55, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), params));
    const uuid = randomUUID();
    await fetch(`${gw.url}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml', 'x-request-id': uuid },
      body,
    });
    expect(audit.recent(1)[0].requestId).toBe(uuid);
    await fetch(`${gw.url}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml', 'x-request-id': patient.nhsNumber },
      body,
    });
    expect(audit.recent(1)[0].requestId).not.toBe(patient.nhsNumber);
  });

  it('accepts an ITI-55 request sent as MTOM (WCF framing), answering plain SOAP', async () => {
    const boundary = 'uuid:0c6ce5a4-6c2e-4b8f-a7b4-2c1d34ab1f20+id=3';
    const xml = soapRequest(ITI55, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), params));
    const body =
      `--${boundary}\r\nContent-ID: <http://tempuri.org/0>\r\nContent-Transfer-Encoding: 8bit\r\n` +
      `Content-Type: application/xop+xml;charset=utf-8;type="application/soap+xml"\r\n\r\n${xml}\r\n--${boundary}--\r\n`;
    const res = await fetch(`${gw.url}/SOAP/iti55`, {
      method: 'POST',
      headers: {
        'content-type': `multipart/related; type="application/xop+xml"; start="<http://tempuri.org/0>"; boundary="${boundary}"; start-info="application/soap+xml"`,
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/soap\+xml/);
    expect(attr(descendants(parseXml(await res.text()), HL7, 'queryResponseCode')[0], 'code')).toBe('OK');
  });

  it('decodes an ISO-8859-1 request by its declared charset', async () => {
    const xml = soapRequest(
      ITI55,
      withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), { ...params, given: ['Lucien'], family: 'SAMUAL' }),
    )
      .replace('encoding="utf-8"', 'encoding="ISO-8859-1"')
      .replace('<semanticsText>LivingSubject.name</semanticsText>', '<semanticsText>LivingSubject.name (Ø)</semanticsText>');
    const res = await fetch(`${gw.url}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=ISO-8859-1' },
      body: Uint8Array.from(Buffer.from(xml, 'latin1')),
    });
    const out = await res.text();
    expect(res.status).toBe(200);
    expect(out).toContain('LivingSubject.name (Ø)');
    expect((await validateIhe(out, { strict: true })).errors).toBe(0);
  });

  it('answers an allow-listed ReplyTo with 202 and POSTs the response there (not both)', async () => {
    const messageId = `urn:uuid:${randomUUID()}`;
    const xml = soapRequest(ITI55, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), params), {
      messageId,
    }).replace('<a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address>', `<a:Address>${receiver.url}</a:Address>`);
    const res = await fetch(`${gw.url}/SOAP/iti55`, { method: 'POST', headers: { 'content-type': 'application/soap+xml' }, body: xml });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    const cb = await receiver.received;
    const env = parseXml(cb.body);
    const header = child(env, NS.soap12, 'Header');
    expect(text(child(header, NS.wsa, 'RelatesTo'))).toBe(messageId);
    expect(text(child(header, NS.wsa, 'To'))).toBe(receiver.url);
    expect(attr(descendants(env, HL7, 'queryResponseCode')[0], 'code')).toBe('OK');
  });

  it('refuses a body over SOAP_MAX_BODY_BYTES with 413 and a SOAP fault, and keeps serving', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    Buffer.from('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>').copy(big);
    const res = await fetch(`${gw.url}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml' },
      body: Uint8Array.from(big),
    });
    expect(res.status).toBe(413);
    const body = await res.text();
    expect(body).toContain('Fault');
    expect(body).not.toMatch(/at .*\.(t|j)s:\d+/);
    // the process is still up and answering
    const after = await fetch(`${gw.url}/SOAP/iti55`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml' },
      body: soapRequest(ITI55, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), params)),
    });
    expect(after.status).toBe(200);
  });

  it.each([
    ['XXE', `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`, 'application/soap+xml', 400],
    [
      'billion laughs',
      `<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>`,
      'application/soap+xml',
      400,
    ],
    [
      'truncated XML',
      soapRequest(ITI55, readSample('iti-55/request/ipf-iti55-sample-request.xml')).slice(0, 400),
      'application/soap+xml',
      400,
    ],
    ['wrong content type', '{"resourceType":"Patient"}', 'application/json', 415],
    [
      'wrong Action',
      soapRequest('urn:ihe:iti:2007:CrossGatewayQuery', readSample('iti-55/request/ipf-iti55-sample-request.xml')),
      'application/soap+xml',
      400,
    ],
    ['missing Body', '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header/></s:Envelope>', 'application/soap+xml', 400],
  ])('answers %s with a SOAP fault and no internals', async (_name, body, contentType, status) => {
    const res = await fetch(`${gw.url}/SOAP/iti55`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const out = await res.text();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/soap\+xml/);
    expect(out).toContain('http://www.w3.org/2005/08/addressing/soap/fault');
    expect(out).not.toMatch(/root:|passwd|at .*\.(t|j)s:\d+/);
    expect((await validateIhe(out, { strict: true })).errors).toBe(0);
  });
});
