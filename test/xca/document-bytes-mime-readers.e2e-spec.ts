import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { GpRecordDocumentService } from '@gw/gp-record';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { matchPatient } from '../support/patient-match';
import { readSample, soapRequest } from '../support/soap-messages';

/**
 * The retrieved document's bytes must be the bytes whose size and SHA-1 the query published,
 * whichever MIME reader a partner's SOAP stack uses. A second reader, Python's email parser (a
 * real implementation, run in python3), reads the ITI-39 and ITI-43 MTOM answers as received over
 * HTTP; a Python SOAP stack also strips CR/LF (and other white space) at the end of a binary part,
 * so the bytes are checked as read and as trimmed that way.
 */
const NHS = '9690937286';
const CX = `${NHS}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`;
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';

/** Reads every non-root part with email.parser and reports its size and SHA-1, as read, CR/LF-trimmed and white-space-trimmed. */
const PYTHON_READER = `
import sys, json, hashlib, email, email.policy
ct, data = sys.argv[1], sys.stdin.buffer.read()
msg = email.message_from_bytes(b"MIME-Version: 1.0\\r\\nContent-Type: " + ct.encode() + b"\\r\\n\\r\\n" + data, policy=email.policy.compat32)
parts = [p for p in msg.walk() if not p.is_multipart()][1:]
def facts(b): return {"size": len(b), "sha1": hashlib.sha1(b).hexdigest()}
print(json.dumps([{"cid": p.get("Content-ID"), "read": facts(p.get_payload(decode=True)),
  "crlfTrimmed": facts(p.get_payload(decode=True).rstrip(b"\\r\\n")), "trimmed": facts(p.get_payload(decode=True).strip())} for p in parts]))
`;

interface Facts {
  size: number;
  sha1: string;
}

function readWithPython(body: Buffer, contentType: string): Array<{ cid: string; read: Facts; crlfTrimmed: Facts; trimmed: Facts }> {
  return JSON.parse(
    execFileSync('python3', ['-c', PYTHON_READER, contentType], { input: body, maxBuffer: 64 * 1024 * 1024 }).toString('utf8'),
  );
}

describe('the retrieved document survives a MIME reader that trims the end of a binary part', () => {
  let gw: StartedGateway;
  let uniqueId: string;
  let published: Facts;

  beforeAll(async () => {
    gw = await startGateway();
    expect(await matchPatient(gw.url, NHS)).toContain('<queryResponseCode code="OK"/>');
    const query = readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml')
      .replace('ObjectRef', 'LeafClass')
      .replace('$patient_id$', CX);
    const res = await fetch(`${gw.url}/SOAP/iti38`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest('urn:ihe:iti:2007:CrossGatewayQuery', query),
    });
    const xml = await res.text();
    uniqueId = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/.exec(xml)![1];
    published = {
      sha1: /<rim:Slot name="hash"><rim:ValueList><rim:Value>([0-9a-f]{40})</.exec(xml)![1],
      size: Number(/<rim:Slot name="size"><rim:ValueList><rim:Value>(\d+)</.exec(xml)![1]),
    };
  });
  afterAll(async () => {
    await gw?.close();
  });

  it.each([
    ['iti39', 'urn:ihe:iti:2007:CrossGatewayRetrieve'],
    ['iti43', 'urn:ihe:iti:2007:RetrieveDocumentSet'],
  ])('on /SOAP/%s, reads the published size and SHA-1 however the part end is trimmed', async (endpoint, action) => {
    const request = readSample('iti-39/request/nist-testkit-12308-retrieve-two.TEMPLATE.xml')
      .replace(/\$home\$/g, HOME)
      .replace(/\$repositoryuid\$/g, REPO)
      .replace(/\$docuid[12]\$/g, uniqueId);
    const res = await fetch(`${gw.url}/SOAP/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest(action, request),
    });
    const body = Buffer.from(await res.arrayBuffer());
    const parts = readWithPython(body, res.headers.get('content-type') ?? '');
    expect(parts).toHaveLength(2);
    for (const p of parts) {
      expect(p.read).toEqual(published);
      expect(p.crlfTrimmed).toEqual(published);
      expect(p.trimmed).toEqual(published);
    }
  });

  it('ends the document at its root end tag', async () => {
    const stored = await gw.app.get(GpRecordDocumentService).byUniqueId(uniqueId);
    const bytes = stored!.bytes;
    expect(bytes.subarray(-'</ClinicalDocument>'.length).toString('utf8')).toBe('</ClinicalDocument>');
    expect(createHash('sha1').update(bytes).digest('hex')).toBe(published.sha1);
  });
});
