import { rmSync } from 'node:fs';
import { SignedXml } from 'xml-crypto';
import { VerifiedAssertionCache, XuaConfig, XuaRejection, XuaVerifier, type XuaSecurityHeader } from '@gw/xua';
import { assertionXml, makeTestPki, signAssertion, type TestPki } from './saml-fixtures';

function verifier(pki: TestPki, size = 256): XuaVerifier {
  return new XuaVerifier(
    Object.assign(new XuaConfig(), {
      XUA_MODE: 'required',
      XUA_TRUSTED_CERTS: [pki.caCertFile],
      XUA_AUDIENCE: [],
      XUA_VERIFIED_ASSERTION_CACHE_SIZE: size,
    }),
  );
}

/** The security header as the SOAP edge hands it over, for a message where the assertion ID occurs `idCount` times. */
function header(assertion: string, idCount = 1): XuaSecurityHeader {
  return { assertions: [assertion], idOccurrences: () => idCount };
}

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof XuaRejection) return e.reason;
    throw e;
  }
}

describe('XUA: an assertion verified once is not verified again while valid', () => {
  let pki: TestPki;
  let signatureChecks: jest.SpyInstance;
  let now: number;
  const signed = (o: Parameters<typeof assertionXml>[0] = {}) => signAssertion(assertionXml(o), pki.leafKeyPem, pki.leafCertPem);

  beforeAll(() => {
    pki = makeTestPki();
    // After the certificates' notBefore (whole seconds).
    now = Date.now() + 1_000;
  });
  afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));
  beforeEach(() => (signatureChecks = jest.spyOn(SignedXml.prototype, 'checkSignature')));
  afterEach(() => signatureChecks.mockRestore());

  it('checks the signature of the same assertion bytes once, and gives the same identity each time', () => {
    const v = verifier(pki);
    const a = signed({ notOnOrAfter: new Date(now + 600_000) });
    const first = v.verify(header(a), new Date(now));
    const second = v.verify(header(a), new Date(now + 1_000));
    expect(signatureChecks).toHaveBeenCalledTimes(1);
    expect(second.identity).toEqual(first.identity);
    expect(second.acceptedUntil).toBe(first.acceptedUntil);
  });

  it('still refuses a cached assertion once its NotOnOrAfter has passed', () => {
    const v = verifier(pki);
    const a = signed({ notOnOrAfter: new Date(now + 120_000) });
    v.verify(header(a), new Date(now));
    expect(reason(() => v.verify(header(a), new Date(now + 120_000 + 61_000)))).toBe('expired');
  });

  it('still refuses a cached assertion whose ID occurs twice in this message (signature wrapping)', () => {
    const v = verifier(pki);
    const a = signed({ notOnOrAfter: new Date(now + 600_000) });
    v.verify(header(a), new Date(now));
    expect(reason(() => v.verify(header(a, 2), new Date(now)))).toBe('bad-signature');
  });

  it('verifies changed bytes afresh (a tampered copy of a cached assertion is refused)', () => {
    const v = verifier(pki);
    const a = signed({ notOnOrAfter: new Date(now + 600_000) });
    v.verify(header(a), new Date(now));
    const tampered = a.replace('SMITH, John', 'JONES, Mary');
    expect(reason(() => v.verify(header(tampered), new Date(now)))).toBe('bad-signature');
    expect(signatureChecks).toHaveBeenCalledTimes(2);
  });

  it('with XUA_VERIFIED_ASSERTION_CACHE_SIZE=0 checks every message', () => {
    const v = verifier(pki, 0);
    const a = signed({ notOnOrAfter: new Date(now + 600_000) });
    v.verify(header(a), new Date(now));
    v.verify(header(a), new Date(now));
    expect(signatureChecks).toHaveBeenCalledTimes(2);
  });
});

describe('VerifiedAssertionCache', () => {
  const entry = (id: string) => ({ id, signed: {} as never, result: { identity: { source: 'default' as const } } });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const c = new VerifiedAssertionCache(2);
    c.set('a', entry('a'));
    c.set('b', entry('b'));
    c.get('a');
    c.set('c', entry('c'));
    expect([c.get('a')?.id, c.get('b')?.id, c.get('c')?.id]).toEqual(['a', undefined, 'c']);
    expect(c.size).toBe(2);
  });

  it('keys differ by client certificate (a holder-of-key proof is not shared)', () => {
    const cert = { fingerprint256: 'AA:BB' } as never;
    expect(VerifiedAssertionCache.key('<x/>', cert)).not.toBe(VerifiedAssertionCache.key('<x/>', undefined));
  });
});
