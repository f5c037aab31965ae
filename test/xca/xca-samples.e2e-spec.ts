import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { validateIhe } from '../support/ihe-validator';
import { matchPatient } from '../support/patient-match';
import { IHE_MESSAGES, soapRequest } from '../support/soap-messages';

/**
 * Every third-party ITI-38 and ITI-39 request in test/conformance/ihe/messages, with its ids
 * substituted for a sandbox patient and its documents, sent over HTTP as it is (envelope, MTOM,
 * prefixes, SAML header) or, for bare payloads, inside a WCF-style envelope. Each answer must be
 * the expected registry outcome and pass validate.sh.
 */
const NHS = '9690937286';
const CX = `${NHS}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`;
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';
const files = (dir: string) => readdirSync(path.join(IHE_MESSAGES, dir)).map((f) => `${dir}/${f}`);

describe('third-party ITI-38 / ITI-39 requests with sandbox ids → valid responses', () => {
  let gw: StartedGateway;
  let entryUuid: string;
  let uniqueId: string;

  beforeAll(async () => {
    gw = await startGateway({ CACHE_NAMESPACE: `xca-samples-${process.pid}` });
    // As an initiating gateway does: the demographic match (ITI-55) that lets XCA answer by NHS number.
    expect(await matchPatient(gw.url, NHS)).toContain('<queryResponseCode code="OK"/>');
    const first = await send(
      'iti38',
      'urn:ihe:iti:2007:CrossGatewayQuery',
      substitute38(
        readFileSync(path.join(IHE_MESSAGES, 'iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml'), 'utf8').replace(
          'ObjectRef',
          'LeafClass',
        ),
      ),
    );
    const xml = first.body.toString('utf8');
    entryUuid = /<rim:ExtrinsicObject id="([^"]+)"/.exec(xml)![1];
    uniqueId = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/.exec(xml)![1];
  });
  afterAll(async () => {
    await gw?.close();
  });

  function substitute38(s: string): string {
    return s
      .replace(/(<(?:\w+:)?Slot name="\$XDSDocumentEntryPatientId">\s*<(?:\w+:)?ValueList>\s*<(?:\w+:)?Value>)[^<]*(<)/, `$1'${CX}'$2`)
      .replace('$patient_id$', CX)
      .replace('home="$home"', `home="${HOME}"`)
      .replace("'$doc_uuid_1$', '$doc_uuid_2$'", `'${entryUuid}'`);
  }

  function substitute39(s: string): string {
    return s
      .replace(/(<(?:\w+:)?HomeCommunityId>)[^<]*(<)/g, `$1${HOME}$2`)
      .replace(/(<(?:\w+:)?RepositoryUniqueId>)[^<]*(<)/g, `$1${REPO}$2`)
      .replace(/(<(?:\w+:)?DocumentUniqueId>)[^<]*(<)/g, `$1${uniqueId}$2`);
  }

  async function send(endpoint: string, action: string, payload: string, contentType = 'application/soap+xml; charset=utf-8') {
    const isEnvelope = /<(\w+:)?Envelope[\s>]/.test(payload.slice(0, 2000));
    const body = isEnvelope || contentType.startsWith('multipart/') ? payload : soapRequest(action, payload);
    const res = await fetch(`${gw.url}/SOAP/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(Buffer.from(body, 'utf8')),
    });
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: Buffer.from(await res.arrayBuffer()),
      hadMessageId: !isEnvelope || /MessageID/.test(payload),
    };
  }

  /** Entries each sample must find: filters that exclude our document (a 2022 creation-time window, an unknown classCode) find none. */
  const EXPECTED_ENTRIES: Record<string, number> = {
    'iti-38/request/ipf-iti18request-bodyonly.xml': 0,
    'iti-38/request/nist-soap-xcq-req.xml': 0,
    'iti-38/request/nist-sq-req-bodyonly.xml': 0,
  };

  it.each(files('iti-38/request'))('%s', async (file) => {
    const r = await send('iti38', 'urn:ihe:iti:2007:CrossGatewayQuery', substitute38(readFileSync(path.join(IHE_MESSAGES, file), 'utf8')));
    const xml = r.body.toString('utf8');
    expect(r.status).toBe(200);
    expect(xml).toContain('ResponseStatusType:Success');
    expect(xml).not.toContain('errorCode=');
    expect((xml.match(/<rim:(ExtrinsicObject|ObjectRef) /g) ?? []).length).toBe(EXPECTED_ENTRIES[file] ?? 1);
    const v = await validateIhe(r.body, { strict: r.hadMessageId });
    if (!v.ok) throw new Error(v.output);
  });

  it.each(files('iti-39/request'))('%s', async (file) => {
    const raw = readFileSync(path.join(IHE_MESSAGES, file), 'utf8');
    const mime = file.endsWith('.mime');
    const boundary = mime ? /^--([^\r\n]+)/.exec(raw)![1] : '';
    const start = mime ? /Content-ID:\s*(<[^>]+>)/i.exec(raw)![1] : '';
    const ct = mime
      ? `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="${start}"; start-info="application/soap+xml"`
      : undefined;
    const payload = substitute39(
      raw
        .replace('$home$', HOME)
        .replace('$repositoryuid$', REPO)
        .replace(/\$docuid[12]\$/g, uniqueId),
    );
    const r = await send('iti39', 'urn:ihe:iti:2007:CrossGatewayRetrieve', payload, ct);
    const text = r.body.toString('utf8');
    if (/urn:ihe:iti:2007:RetrieveDocumentSet</.test(raw)) {
      // ITI-43's Action is not accepted on the XCA endpoint (ihe-transactions.md §2).
      expect(r.status).toBe(400);
      expect(text).toContain('ActionNotSupported');
    } else {
      expect(r.status).toBe(200);
      expect(r.contentType).toMatch(/^multipart\/related/);
      expect(text).toContain('ResponseStatusType:Success');
      expect(text.match(/<xdsb:DocumentResponse>/g)?.length).toBe((raw.match(/DocumentRequest>/g)?.length ?? 0) / 2);
    }
    const v = await validateIhe(r.body, {
      strict: r.hadMessageId,
      contentType: r.contentType.startsWith('multipart/') ? r.contentType : undefined,
    });
    if (!v.ok) throw new Error(v.output);
  });
});
