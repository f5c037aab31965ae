import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { resetConfigCache } from '@gw/config';
import {
  IheTransaction,
  parseXml,
  child,
  descendants,
  text,
  NS,
  type IheHandler,
  type SoapReply,
  type SoapRequest,
  SoapFault,
  SUBCODES,
} from '@gw/soap';
import { SoapEdgeModule } from '../../apps/gateway/src/soap/soap-edge.module';
import { validateIhe } from '../support/ihe-validator';
import { createSoapTestApp } from '../support/soap-test-app';

const ECHO_ACTION = 'urn:test:Echo';
const MTOM_ACTION = 'urn:test:Mtom';
/** Attachment bytes including CR LF, NUL and a non-UTF-8 byte: they must come back untouched. */
const MTOM_BYTES = Buffer.from([0x3c, 0x61, 0x0d, 0x0a, 0xff, 0x00, 0x3e]);

@IheTransaction({
  transaction: 'TEST-1',
  actions: [ECHO_ACTION],
  endpoint: 'echo',
  service: 'RespondingGateway',
  payload: { ns: 'urn:test', local: 'Echo' },
})
@Injectable()
class EchoHandler implements IheHandler {
  async handle(req: SoapRequest): Promise<SoapReply> {
    if (req.body.children.some((c) => c.local === 'Boom')) throw new Error('secret internal detail');
    if (req.body.children.some((c) => c.local === 'Refuse')) throw SoapFault.sender('refused by handler', SUBCODES.failedCheck);
    const parts = [...req.attachments.entries()].map(([k, v]) => `<t:Part id="${k}" len="${v.length}"/>`).join('');
    return {
      action: 'urn:test:EchoResponse',
      bodyXml: `<t:EchoResponse xmlns:t="urn:test"><t:Text>${req.body.text.trim()}</t:Text>${parts}</t:EchoResponse>`,
      report: { status: 'ok', audit: [] },
    };
  }
}

@IheTransaction({ transaction: 'TEST-2', actions: [MTOM_ACTION], endpoint: 'mtom', service: 'RespondingGateway', mtom: true })
@Injectable()
class MtomHandler implements IheHandler {
  async handle(): Promise<SoapReply> {
    // An ITI-39-shaped response, so the MTOM framing can be checked by the IHE validator.
    return {
      action: 'urn:ihe:iti:2007:CrossGatewayRetrieveResponse',
      bodyXml:
        '<xdsb:RetrieveDocumentSetResponse xmlns:xdsb="urn:ihe:iti:xds-b:2007" xmlns:rs="urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0">' +
        '<rs:RegistryResponse status="urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"/>' +
        '<xdsb:DocumentResponse><xdsb:HomeCommunityId>urn:oid:1.3.6.1.4.1.21367.13.20.4000</xdsb:HomeCommunityId>' +
        '<xdsb:RepositoryUniqueId>1.3.6.1.4.1.21367.13.20.4000.1</xdsb:RepositoryUniqueId><xdsb:DocumentUniqueId>1.3.6.1.4.1.21367.13.20.4000.9.1</xdsb:DocumentUniqueId>' +
        '<xdsb:mimeType>text/xml</xdsb:mimeType><xdsb:Document><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:doc-1@gw"/></xdsb:Document></xdsb:DocumentResponse>' +
        '</xdsb:RetrieveDocumentSetResponse>',
      attachments: [{ contentId: 'doc-1@gw', contentType: 'text/xml', data: MTOM_BYTES }],
      report: { status: 'ok', audit: [] },
    };
  }
}

@Module({ providers: [EchoHandler, MtomHandler] })
class TestHandlersModule {}

function envelope(action: string, body: string, extraHeaders = '', messageId = 'urn:uuid:11111111-2222-3333-4444-555555555555'): string {
  return `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="${NS.soap12}" xmlns:W="${NS.wsa}"><S:Header><W:Action S:mustUnderstand="true">${action}</W:Action><W:MessageID>${messageId}</W:MessageID>${extraHeaders}</S:Header><S:Body>${body}</S:Body></S:Envelope>`;
}

describe('SOAP edge over HTTP', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    process.env.XUA_MODE = 'off';
    process.env.WSA_REPLYTO_ALLOWLIST = '';
    resetConfigCache();
    const mod = await Test.createTestingModule({ imports: [SoapEdgeModule, TestHandlersModule] }).compile();
    app = createSoapTestApp(mod);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    delete process.env.XUA_MODE;
    resetConfigCache();
  });

  async function post(path: string, body: string | Buffer, contentType = 'application/soap+xml; charset=utf-8') {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : Uint8Array.from(body),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', bytes, text: bytes.toString('utf8') };
  }

  function fault(xml: string) {
    const env = parseXml(xml);
    const f = child(child(env, NS.soap12, 'Body'), NS.soap12, 'Fault');
    const code = child(f, NS.soap12, 'Code');
    const header = child(env, NS.soap12, 'Header');
    return {
      code: text(child(code, NS.soap12, 'Value')),
      subcode: text(child(child(code, NS.soap12, 'Subcode'), NS.soap12, 'Value')),
      action: text(child(header, NS.wsa, 'Action')),
      relatesTo: text(child(header, NS.wsa, 'RelatesTo')),
    };
  }

  it('routes by Action on the dedicated endpoint and on /SOAP, answering with Action and RelatesTo', async () => {
    for (const path of ['/SOAP/echo', '/SOAP']) {
      const r = await post(path, envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test">hello</x:Echo>'));
      expect(r.status).toBe(200);
      const env = parseXml(r.text);
      const header = child(env, NS.soap12, 'Header');
      expect(text(child(header, NS.wsa, 'Action'))).toBe('urn:test:EchoResponse');
      expect(text(child(header, NS.wsa, 'RelatesTo'))).toBe('urn:uuid:11111111-2222-3333-4444-555555555555');
      expect(text(child(header, NS.wsa, 'MessageID'))).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(r.text).toContain('<t:Text>hello</t:Text>');
    }
  });

  it('faults a wrong Action with a:ActionNotSupported and the WS-A fault action', async () => {
    const r = await post('/SOAP/echo', envelope(MTOM_ACTION, '<x:Echo xmlns:x="urn:test"/>'));
    expect(r.status).toBe(400);
    expect(fault(r.text)).toEqual({
      code: 's:Sender',
      subcode: 'a:ActionNotSupported',
      action: 'http://www.w3.org/2005/08/addressing/soap/fault',
      relatesTo: 'urn:uuid:11111111-2222-3333-4444-555555555555',
    });
    // WS-Addressing SOAP binding: the detail names the problem action
    const problem = descendants(parseXml(r.text), NS.wsa, 'ProblemAction')[0];
    expect(text(child(problem, NS.wsa, 'Action'))).toBe(MTOM_ACTION);
    expect((await validateIhe(r.text, { strict: true })).errors).toBe(0);
  });

  it('names the ReplyTo header in an OnlyAnonymousAddressSupported fault', async () => {
    const r = await post(
      '/SOAP/echo',
      envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test"/>', '<W:ReplyTo><W:Address>http://192.0.2.1/cb</W:Address></W:ReplyTo>'),
    );
    expect(text(descendants(parseXml(r.text), NS.wsa, 'ProblemHeaderQName')[0])).toBe('a:ReplyTo');
    expect((await validateIhe(r.text, { strict: true })).errors).toBe(0);
  });

  it('faults an Action that does not match the Body payload', async () => {
    const r = await post('/SOAP', envelope(ECHO_ACTION, '<x:Other xmlns:x="urn:test"/>'));
    expect(fault(r.text).subcode).toBe('a:ActionNotSupported');
  });

  it('turns handler errors into a Receiver fault without leaking the message', async () => {
    const r = await post('/SOAP/echo', envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test"><x:Boom/></x:Echo>'));
    expect(r.status).toBe(500);
    expect(fault(r.text).code).toBe('s:Receiver');
    expect(r.text).not.toContain('secret internal detail');
    expect(r.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('passes a handler SoapFault through', async () => {
    const r = await post('/SOAP/echo', envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test"><x:Refuse/></x:Echo>'));
    expect(fault(r.text)).toMatchObject({ code: 's:Sender', subcode: 'wsse:FailedCheck' });
  });

  it('answers MTOM for an mtom route with byte-exact attachments', async () => {
    const r = await post('/SOAP/mtom', envelope(MTOM_ACTION, '<x:Q xmlns:x="urn:test"/>'));
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^multipart\/related;.*type="application\/xop\+xml"/);
    expect(r.bytes.includes(MTOM_BYTES)).toBe(true);
    const v = await validateIhe(r.bytes, { strict: true, contentType: r.contentType });
    expect(v.output).toContain('RESULT: VALID');
    expect(v.errors).toBe(0);
  });

  it('answers faults on an MTOM route as MTOM, and they validate', async () => {
    const r = await post('/SOAP/mtom', envelope(ECHO_ACTION, '<x:Q xmlns:x="urn:test"/>'));
    expect(r.status).toBe(400);
    expect(r.contentType).toMatch(/^multipart\/related;/);
    const v = await validateIhe(r.bytes, { strict: true, contentType: r.contentType });
    expect(v.errors).toBe(0);
  });

  it('accepts MTOM requests with WCF framing, LF line endings and URL-encoded cids', async () => {
    const boundary = 'uuid:898b3ded-5d06-4e8b-a1e4-5c0b0f7d6e8a+id=5';
    const xml = envelope(
      ECHO_ACTION,
      '<x:Echo xmlns:x="urn:test">mtom<x:D><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:http%3A%2F%2Ftempuri.org%2F1%2F1"/></x:D></x:Echo>',
    );
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\nContent-ID: <http://tempuri.org/0>\ncontent-transfer-encoding: 8bit\nContent-Type: application/xop+xml;charset=utf-8;type="application/soap+xml"\n\n${xml}\n--${boundary}\nContent-ID: <http://tempuri.org/1/1>\nContent-Type: application/octet-stream\n\n`,
      ),
      Buffer.from([1, 2, 3, 13, 10, 4]),
      Buffer.from(`\n--${boundary}--\n`),
    ]);
    const r = await post(
      '/SOAP/echo',
      body,
      `multipart/related; type="application/xop+xml"; start="<http://tempuri.org/0>"; boundary="${boundary}"; start-info="application/soap+xml"`,
    );
    expect(r.status).toBe(200);
    expect(r.text).toContain('<t:Part id="http://tempuri.org/1/1" len="6"/>');
  });

  it.each([
    [
      'XXE',
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test">&e;</x:Echo>')}`,
      's:Sender',
    ],
    [
      'billion laughs',
      `<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>${envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test">&b;</x:Echo>')}`,
      's:Sender',
    ],
    ['truncated XML', envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test">hi</x:Echo>').slice(0, 200), 's:Sender'],
    ['missing Body', `<S:Envelope xmlns:S="${NS.soap12}"><S:Header/></S:Envelope>`, 's:Sender'],
    ['SOAP 1.1', `<S:Envelope xmlns:S="${NS.soap11}"><S:Body/></S:Envelope>`, 's:VersionMismatch'],
    [
      'mustUnderstand unknown header',
      envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test"/>', '<z:Custom xmlns:z="urn:z" S:mustUnderstand="1"/>'),
      's:MustUnderstand',
    ],
  ])('refuses %s with a fault', async (_name, body, code) => {
    const r = await post('/SOAP/echo', body);
    expect(fault(r.text).code).toBe(code);
    expect(r.text).not.toContain('root:');
    expect(r.status).toBe(code === 's:Sender' ? 400 : 500);
    const v = await validateIhe(r.text, { strict: true });
    expect(v.output).toContain('RESULT: VALID');
  });

  describe('SOAP 1.2 envelope structure (optional Header, then one Body, nothing else)', () => {
    const header = `<S:Header><W:Action>${ECHO_ACTION}</W:Action><W:MessageID>urn:uuid:11111111-2222-3333-4444-555555555555</W:MessageID></S:Header>`;
    const body = '<S:Body><x:Echo xmlns:x="urn:test">hi</x:Echo></S:Body>';
    const env = (inner: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="${NS.soap12}" xmlns:W="${NS.wsa}">${inner}</S:Envelope>`;

    it('still accepts Header then Body with whitespace and comments between them', async () => {
      const r = await post('/SOAP/echo', env(`\n  ${header}\n  <!-- c -->\n  ${body}\n`));
      expect(r.status).toBe(200);
    });

    it.each([
      ['Header after Body', env(body + header), /Header must come before soap:Body/],
      [
        'two elements in Body',
        env(header + '<S:Body><x:Echo xmlns:x="urn:test">a</x:Echo><x:Echo xmlns:x="urn:test">b</x:Echo></S:Body>'),
        /exactly one element/,
      ],
      ['an element after Body', env(header + body + '<x:Extra xmlns:x="urn:test"/>'), /only an optional soap:Header followed by soap:Body/],
      ['an element before Header', env('<x:Extra xmlns:x="urn:test"/>' + header + body), /only an optional soap:Header/],
      ['text after Body', env(header + body + 'trailing text'), /Character data is not allowed/],
      ['text between Header and Body', env(header + 'stray' + body), /Character data is not allowed/],
      [
        'text beside the Body element',
        env(header + '<S:Body>text<x:Echo xmlns:x="urn:test">hi</x:Echo></S:Body>'),
        /Character data is not allowed directly in soap:Body/,
      ],
    ])('refuses %s with a Sender fault', async (_name, xml, reason) => {
      const r = await post('/SOAP/echo', xml);
      expect(r.status).toBe(400);
      expect(fault(r.text).code).toBe('s:Sender');
      expect(r.text).toMatch(reason);
      expect((await validateIhe(r.text, { strict: true })).output).toContain('RESULT: VALID');
    });

    it('refuses an MTOM message with two MIME parts under one Content-ID with a Sender fault', async () => {
      const xml = envelope(
        ECHO_ACTION,
        '<x:Echo xmlns:x="urn:test"><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:att@x"/></x:Echo>',
      );
      const part = (bytes: string) => `--b\r\nContent-ID: <att@x>\r\nContent-Type: application/octet-stream\r\n\r\n${bytes}\r\n`;
      const mtom =
        `--b\r\nContent-ID: <root>\r\nContent-Type: application/xop+xml; charset=utf-8; type="application/soap+xml"\r\n\r\n${xml}\r\n` +
        part('first') +
        part('second') +
        '--b--\r\n';
      const r = await post('/SOAP/echo', mtom, 'multipart/related; type="application/xop+xml"; boundary="b"; start="<root>"');
      expect(r.status).toBe(400);
      expect(fault(r.text).code).toBe('s:Sender');
      expect(r.text).toContain('two MIME parts share one Content-ID');
    });
  });

  it('refuses a wrong content type with 415 and a SOAP fault', async () => {
    const r = await post('/SOAP/echo', '{"a":1}', 'application/json');
    expect(r.status).toBe(415);
    expect(fault(r.text).code).toBe('s:Sender');
  });

  it('refuses a non-allow-listed ReplyTo with a:OnlyAnonymousAddressSupported', async () => {
    const r = await post(
      '/SOAP/echo',
      envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test"/>', '<W:ReplyTo><W:Address>http://127.0.0.1:9/cb</W:Address></W:ReplyTo>'),
    );
    expect(fault(r.text).subcode).toBe('a:OnlyAnonymousAddressSupported');
  });

  it('faults a Content-Type action that contradicts wsa:Action (a:ActionMismatch)', async () => {
    const r = await post(
      '/SOAP/echo',
      envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test"/>'),
      'application/soap+xml; charset=utf-8; action="urn:other"',
    );
    expect(fault(r.text)).toMatchObject({ code: 's:Sender', subcode: 'a:ActionMismatch' });
  });

  it('routes by the Content-Type action when wsa:Action is absent', async () => {
    const body = `<S:Envelope xmlns:S="${NS.soap12}"><S:Body><x:Echo xmlns:x="urn:test">ct</x:Echo></S:Body></S:Envelope>`;
    const r = await post('/SOAP', body, `application/soap+xml; action="${ECHO_ACTION}"`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<t:Text>ct</t:Text>');
    // no MessageID in the request: answered, without RelatesTo
    expect(text(child(child(parseXml(r.text), NS.soap12, 'Header'), NS.wsa, 'RelatesTo'))).toBeUndefined();
  });

  it('faults an MTOM request whose xop:Include points at a part that was not sent', async () => {
    const xml = envelope(
      ECHO_ACTION,
      '<x:Echo xmlns:x="urn:test"><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:missing"/></x:Echo>',
    );
    const body = `--b\r\nContent-ID: <root>\r\nContent-Type: application/xop+xml; charset=utf-8; type="application/soap+xml"\r\n\r\n${xml}\r\n--b--\r\n`;
    const r = await post('/SOAP/echo', body, 'multipart/related; type="application/xop+xml"; boundary="b"; start="<root>"');
    expect(r.status).toBe(400);
    expect(fault(r.text).code).toBe('s:Sender');
  });

  it('answers an unknown SOAP path with 404 and a fault', async () => {
    const r = await post('/SOAP/nope', envelope(ECHO_ACTION, '<x:Echo xmlns:x="urn:test"/>'));
    expect(r.status).toBe(404);
    expect(fault(r.text).code).toBe('s:Sender');
  });

  it('serves a WSDL at ?wsdl', async () => {
    const r = await fetch(`${base}/SOAP/echo?wsdl`);
    expect(r.status).toBe(200);
    const wsdl = await r.text();
    expect(wsdl).toContain('soap12:address');
  });
});
