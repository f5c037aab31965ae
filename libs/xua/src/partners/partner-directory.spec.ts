import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfSignedCertificate } from '../demo-signer/self-signed-certificate';
import { XuaConfig } from '../xua.config';
import { readPartnerFile } from './partner-directory';

describe('partner file (XUA_PARTNERS_FILE)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'partners-unit-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = selfSignedCertificate(privateKey, {
    commonName: 'Partner signer',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (content: unknown) => {
    const f = path.join(dir, `p-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
    return f;
  };
  const partner = (over: Record<string, unknown> = {}) => ({
    id: 'a',
    name: 'A',
    match: { samlIssuers: ['https://a'] },
    trustedCertificates: [cert],
    ...over,
  });

  it('reads partners with their own policy over the XUA_* defaults', () => {
    const cfg = new XuaConfig();
    const [p] = readPartnerFile(write({ partners: [partner({ clockSkewSeconds: 5, purposesOfUse: ['EMERGENCY'] })] }), cfg);
    expect(p.policy.XUA_CLOCK_SKEW_S).toBe(5);
    expect(p.policy.XUA_ALLOWED_PURPOSES_OF_USE).toEqual(['EMERGENCY']);
    expect(p.policy.XUA_REQUIRED_ATTRIBUTES).toEqual(cfg.XUA_REQUIRED_ATTRIBUTES);
    expect(p.trust.size).toBe(1);
    expect(p.certificates[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['unreadable JSON', '{', /XUA_PARTNERS_FILE/],
    ['an unknown field', { partners: [partner({ trustEverything: true })] }, /trustEverything/],
    ['an id that cannot be a metric label', { partners: [partner({ id: 'Hospital A' })] }, /id must be/],
    ['a bad fingerprint', { partners: [partner({ match: { clientCertificateSha256: ['zz'] } })] }, /SHA-256/],
    ['no match rule', { partners: [partner({ match: {} })] }, /no match rule/],
    ['one issuer for two partners', { partners: [partner(), partner({ id: 'b' })] }, /claimed by both a and b/],
    ['no trusted certificate', { partners: [partner({ trustedCertificates: [] })] }, /trustedCertificates/],
    ['a ReplyTo that is not a URL', { partners: [partner({ replyTo: ['not a url'] })] }, /replyTo/],
  ])('refuses %s', (_what, content, message) => {
    expect(() => readPartnerFile(write(content), new XuaConfig())).toThrow(message);
  });
});
