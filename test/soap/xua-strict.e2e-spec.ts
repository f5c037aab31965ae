import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Logger, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { GatewayCacheModule } from '@gw/cache';
import { resetConfigCache } from '@gw/config';
import { child, parseXml, text, NS } from '@gw/soap';
import { SoapEdgeModule } from '../../apps/gateway/src/soap/soap-edge.module';
import { soapRequest } from '../support/soap-messages';
import { WHO_ACTION, WhoModule } from './who-handler';
import { DisposableRedis } from '../platform/support/redis-server.util';
import {
  assertionXml,
  makeTestPki,
  RSA_SHA1,
  securityHeader,
  SHA1,
  signAssertion,
  type AssertionOptions,
  type SignOptions,
  type TestPki,
} from './saml-fixtures';
import { createSoapTestApp } from '../support/soap-test-app';

const ACTION = WHO_ACTION;

interface Edge {
  app: INestApplication;
  url: string;
}

/** The SOAP edge with the gateway's cache module (memory unless REDIS_URL is given), on a free port. */
async function startEdge(env: Record<string, string>): Promise<Edge> {
  const saved = { ...process.env };
  Object.assign(process.env, { REDIS_URL: '', CACHE_NAMESPACE: `xs${process.pid}`, ...env });
  resetConfigCache();
  try {
    const mod = await Test.createTestingModule({ imports: [GatewayCacheModule, SoapEdgeModule, WhoModule] }).compile();
    const app = createSoapTestApp(mod);
    await app.listen(0, '127.0.0.1');
    return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  } finally {
    process.env = saved;
    resetConfigCache();
  }
}

interface CallOptions {
  messageId?: string;
  httpHeaders?: Record<string, string>;
}

async function call(edge: Edge, security: string, o: CallOptions = {}) {
  const body = soapRequest(ACTION, '<t:Q xmlns:t="urn:test"/>', { headers: security, messageId: o.messageId });
  const res = await fetch(`${edge.url}/SOAP/who`, {
    method: 'POST',
    headers: { 'content-type': 'application/soap+xml; charset=utf-8', ...o.httpHeaders },
    body: o.messageId === '' ? body.replace(/<a:MessageID>[^<]*<\/a:MessageID>/, '') : body,
  });
  const xml = await res.text();
  const env = parseXml(xml);
  const bodyEl = child(env, NS.soap12, 'Body');
  const fault = child(bodyEl, NS.soap12, 'Fault');
  const code = child(fault, NS.soap12, 'Code');
  return {
    status: res.status,
    body: xml,
    code: text(child(code, NS.soap12, 'Value')),
    subcode: text(child(child(code, NS.soap12, 'Subcode'), NS.soap12, 'Value')),
    reason: text(child(child(fault, NS.soap12, 'Reason'), NS.soap12, 'Text')),
    identity: fault ? undefined : JSON.parse(text(child(bodyEl, 'urn:test', 'Who')) ?? '{}'),
  };
}

describe('strict XUA by default', () => {
  let pki: TestPki;
  const signed = (o: AssertionOptions = {}, s: SignOptions = {}) =>
    securityHeader(signAssertion(assertionXml(o), pki.leafKeyPem, pki.leafCertPem, s));
  const trust = () => ({ XUA_MODE: 'required', XUA_TRUSTED_CERTS: pki.caCertFile, XUA_AUDIENCE: 'urn:gw:test-audience' });

  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

  describe('with the default settings (in-memory replay store)', () => {
    let edge: Edge;
    beforeAll(async () => {
      edge = await startEdge(trust());
    });
    afterAll(async () => edge.app.close());

    it('accepts the fixture assertion: RSA-SHA256, NotOnOrAfter, SAML 2.0, sender-vouches, every required attribute', async () => {
      const r = await call(edge, signed());
      expect([r.status, r.identity?.source]).toEqual([200, 'saml']);
    });

    const year = (y: number) => new Date(`${y}-01-01T00:00:00Z`);
    it.each<[string, AssertionOptions, SignOptions, string]>([
      ['an RSA-SHA1 signature', {}, { signatureAlgorithm: RSA_SHA1 }, 'wsse:UnsupportedAlgorithm'],
      ['a SHA-1 digest', {}, { digestAlgorithm: SHA1 }, 'wsse:UnsupportedAlgorithm'],
      ['no NotOnOrAfter', { noNotOnOrAfter: true }, {}, 'wsse:InvalidSecurityToken'],
      ['NotOnOrAfter in 2999 (lifetime beyond the maximum)', { notOnOrAfter: year(2999) }, {}, 'wsse:InvalidSecurityToken'],
      ['an IssueInstant in 2099', { issueInstant: year(2099) }, {}, 'wsse:MessageExpired'],
      ['Version="1.1"', { version: '1.1' }, {}, 'wsse:UnsupportedSecurityToken'],
      ['holder-of-key with no key', { holderOfKey: {} }, {}, 'wsse:FailedAuthentication'],
      [
        'holder-of-key with a key but no TLS client certificate to prove it',
        { holderOfKey: { keyCertPem: 'leaf' } },
        {},
        'wsse:FailedAuthentication',
      ],
      ['no role', { omit: ['role'] }, {}, 'wsse:FailedCheck'],
      ['no organization', { omit: ['organization'] }, {}, 'wsse:FailedCheck'],
      ['no organization-id', { omit: ['organization-id'] }, {}, 'wsse:FailedCheck'],
      ['no homeCommunityId', { omit: ['homeCommunityId'] }, {}, 'wsse:FailedCheck'],
    ])('refuses an assertion with %s', async (_name, o, s, subcode) => {
      const opts = o.holderOfKey?.keyCertPem ? { ...o, holderOfKey: { keyCertPem: pki.leafCertPem } } : o;
      const r = await call(edge, signed(opts, s));
      expect([r.status, r.code, r.subcode]).toEqual([400, 's:Sender', subcode]);
      expect(r.identity).toBeUndefined();
    });

    it('names the missing attributes in the fault reason', async () => {
      const r = await call(edge, signed({ omit: ['role', 'homeCommunityId'] }));
      expect(r.reason).toContain('homeCommunityId, role');
    });

    it('refuses a repeated wsa:MessageID (InvalidAddressingHeader on a:MessageID), without answering it again', async () => {
      const messageId = `urn:uuid:${randomUUID()}`;
      const header = signed();
      expect((await call(edge, header, { messageId })).status).toBe(200);
      const again = await call(edge, header, { messageId });
      expect([again.status, again.code, again.subcode]).toEqual([400, 's:Sender', 'a:InvalidAddressingHeader']);
      expect(again.body).toContain('<a:ProblemHeaderQName>a:MessageID</a:ProblemHeaderQName>');
      expect(again.identity).toBeUndefined();
    });

    it('accepts one assertion reused for many messages, each with a fresh MessageID (normal XUA)', async () => {
      const header = signed();
      for (let i = 0; i < 5; i++) expect((await call(edge, header)).status).toBe(200);
    });

    it('requires a wsa:MessageID with an assertion, so a replay can be told apart', async () => {
      const r = await call(edge, signed(), { messageId: '' });
      expect([r.status, r.subcode]).toEqual([400, 'a:MessageAddressingHeaderRequired']);
    });
  });

  describe('holder-of-key with the TLS client certificate passed by the proxy', () => {
    let edge: Edge;
    const header = 'x-client-cert';
    beforeAll(async () => {
      edge = await startEdge({ ...trust(), XUA_CLIENT_CERT_HEADER: 'X-Client-Cert' });
    });
    afterAll(async () => edge.app.close());

    it('accepts it when the confirmation key is the client certificate (URL-encoded PEM, as nginx sends it)', async () => {
      const r = await call(edge, signed({ holderOfKey: { keyCertPem: pki.rogueCertPem } }), {
        httpHeaders: { [header]: encodeURIComponent(pki.rogueCertPem) },
      });
      expect([r.status, r.identity?.source]).toEqual([200, 'saml']);
    });

    it('refuses it when the client certificate is another one', async () => {
      const r = await call(edge, signed({ holderOfKey: { keyCertPem: pki.rogueCertPem } }), {
        httpHeaders: { [header]: encodeURIComponent(pki.leafCertPem) },
      });
      expect([r.status, r.subcode]).toEqual([400, 'wsse:FailedAuthentication']);
    });

    it('refuses it when no client certificate came with the request', async () => {
      const r = await call(edge, signed({ holderOfKey: { keyCertPem: pki.rogueCertPem } }));
      expect([r.status, r.subcode]).toEqual([400, 'wsse:FailedAuthentication']);
    });
  });

  describe('each rule is a setting', () => {
    let edge: Edge;
    beforeAll(async () => {
      edge = await startEdge({
        ...trust(),
        XUA_ALLOWED_SIGNATURE_ALGORITHMS: 'rsa-sha1,rsa-sha256',
        XUA_ALLOWED_DIGEST_ALGORITHMS: 'sha1,sha256',
        XUA_REQUIRE_NOT_ON_OR_AFTER: 'false',
        XUA_MAX_ASSERTION_LIFETIME_S: '0',
        XUA_REQUIRE_SAML_2_0: 'false',
        XUA_REQUIRE_HOLDER_OF_KEY_PROOF: 'false',
        XUA_REQUIRED_ATTRIBUTES: 'subject-id,purposeofuse',
        XUA_REFUSE_REPEATED_MESSAGE_ID: 'false',
      });
    });
    afterAll(async () => edge.app.close());

    it.each<[string, AssertionOptions, SignOptions]>([
      ['SHA-1', {}, { signatureAlgorithm: RSA_SHA1, digestAlgorithm: SHA1 }],
      ['no NotOnOrAfter', { noNotOnOrAfter: true }, {}],
      ['a long lifetime', { notOnOrAfter: new Date('2999-01-01T00:00:00Z') }, {}],
      ['Version 1.1', { version: '1.1' }, {}],
      ['holder-of-key without proof', { holderOfKey: {} }, {}],
      ['no role, organization or homeCommunityId', { omit: ['role', 'organization', 'organization-id', 'homeCommunityId'] }, {}],
    ])('accepts %s when configured to', async (_n, o, s) => {
      const r = await call(edge, signed(o, s));
      expect([r.status, r.reason]).toEqual([200, undefined]);
    });

    it('accepts a repeated MessageID when replay refusal is off', async () => {
      const messageId = `urn:uuid:${randomUUID()}`;
      const header = signed();
      expect((await call(edge, header, { messageId })).status).toBe(200);
      expect((await call(edge, header, { messageId })).status).toBe(200);
    });
  });

  describe('replay store on a real redis-server', () => {
    let a: Edge;
    let b: Edge;
    beforeAll(async () => {
      const redis = { ...trust(), REDIS_URL: process.env.TEST_REDIS_URL as string };
      a = await startEdge(redis);
      b = await startEdge(redis);
    });
    afterAll(async () => {
      await a.app.close();
      await b.app.close();
    });

    it('refuses a MessageID replayed to another instance sharing the Redis', async () => {
      const messageId = `urn:uuid:${randomUUID()}`;
      const header = signed();
      expect((await call(a, header, { messageId })).status).toBe(200);
      expect((await call(b, header, { messageId })).subcode).toBe('a:InvalidAddressingHeader');
      expect((await call(a, header, { messageId })).subcode).toBe('a:InvalidAddressingHeader');
      expect((await call(b, header)).status).toBe(200);
    });
  });

  describe('while the replay store does not answer', () => {
    let server: DisposableRedis;
    let edge: Edge;
    beforeAll(async () => {
      server = await DisposableRedis.start();
      edge = await startEdge({ ...trust(), REDIS_URL: server.url, CACHE_OP_TIMEOUT_MS: '300' });
    });
    afterAll(async () => {
      await edge.app.close();
      await server.down();
    });

    it('refuses signed requests with a retryable Receiver fault (fails closed), then accepts them once Redis is back', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      try {
        await server.down();
        const messageId = `urn:uuid:${randomUUID()}`;
        const r = await call(edge, signed(), { messageId });
        expect([r.status, r.code]).toEqual([500, 's:Receiver']);
        expect(r.reason).toMatch(/retry/);
        expect(r.identity).toBeUndefined();
        await server.up();
        const deadline = Date.now() + 15_000;
        let after = await call(edge, signed(), { messageId });
        while (after.status !== 200 && Date.now() < deadline) {
          await new Promise((res) => setTimeout(res, 100));
          after = await call(edge, signed(), { messageId });
        }
        expect(after.status).toBe(200);
      } finally {
        warn.mockRestore();
        log.mockRestore();
      }
    });
  });
});
