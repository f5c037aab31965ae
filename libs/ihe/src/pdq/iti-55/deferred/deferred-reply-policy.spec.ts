import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartnerDirectory, XuaConfig } from '@gw/xua';
import { addressAllowed, ConfiguredDeferredReplyPolicy } from './deferred-reply-policy';
import { XcpdDeferredConfig } from './xcpd-deferred.config';

describe('addressAllowed (XCPD deferred respondTo allow list)', () => {
  const list = ['https://partner.example/xcpd/deferred', 'http://127.0.0.1:8080'];

  it.each([
    ['https://partner.example/xcpd/deferred', true],
    ['HTTPS://PARTNER.EXAMPLE:443/xcpd/deferred', true],
    ['https://partner.example/xcpd/deferred/other', false],
    ['https://partner.example/xcpd/deferred?x=1', false],
    ['https://partner.example/', false],
    ['http://partner.example/xcpd/deferred', false],
    ['http://127.0.0.1:8080/any/path', true],
    ['http://127.0.0.1:8081/any/path', false],
    ['http://user:pw@127.0.0.1:8080/any', false],
    ['http://127.0.0.1:8080/any#frag', false],
    ['ftp://127.0.0.1:8080/', false],
    ['not a url', false],
  ])('%s → %s', (address, expected) => {
    expect(addressAllowed(address, list)).toBe(expected);
  });

  it('allows nothing with an empty list', () => {
    expect(addressAllowed('https://partner.example/xcpd/deferred', [])).toBe(false);
  });
});

describe('ConfiguredDeferredReplyPolicy with partner profiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deferred-partners-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-subj', '/CN=A', '-days', '1'],
    {
      cwd: dir,
      stdio: 'pipe',
    },
  );
  const cert = readFileSync(join(dir, 'c.pem'), 'utf8');
  const file = join(dir, 'partners.json');
  writeFileSync(
    file,
    JSON.stringify({
      partners: [
        { id: 'a', name: 'A', match: { samlIssuers: ['https://a'] }, trustedCertificates: [cert], replyTo: ['https://a.example/deferred'] },
        { id: 'b', name: 'B', match: { samlIssuers: ['https://b'] }, trustedCertificates: [cert] },
      ],
    }),
  );
  const partners = new PartnerDirectory(Object.assign(new XuaConfig(), { XUA_PARTNERS_FILE: file }));
  const policy = new ConfiguredDeferredReplyPolicy(
    Object.assign(new XcpdDeferredConfig(), { XCPD_DEFERRED_REPLY_TO_ALLOWED: ['https://global.example/deferred'] }),
    partners,
  );

  it("lets a partner's answer go only to that partner's own addresses, never to the global list or another partner's", () => {
    expect(policy.allows('https://a.example/deferred', { source: 'saml', partner: 'a' })).toBe(true);
    expect(policy.allows('https://global.example/deferred', { source: 'saml', partner: 'a' })).toBe(false);
    expect(policy.allows('https://a.example/deferred', { source: 'saml', partner: 'b' })).toBe(false);
  });

  it('uses the global list for a request matched to no partner', () => {
    expect(policy.allows('https://global.example/deferred', { source: 'default' })).toBe(true);
    expect(policy.allows('https://a.example/deferred', { source: 'default' })).toBe(false);
  });
});
