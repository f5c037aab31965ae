import { randomUUID, sign, generateKeyPairSync } from 'node:crypto';
import { request } from 'undici';
import { b64urlJson, buildClientAssertion, NhsAccessTokenService, NhsTokenError } from '@gw/auth';
import { PdsClient } from '@gw/pds';
import { received, startHarness, TEST_API_KEY, TEST_KID, testJwks, testKeys, type Harness } from './nhs-harness';

/**
 * The PDS client-credentials flow against the sandbox token endpoint, which enforces NHS England's
 * contract (statuses and error strings from apps/nhs-sandbox/data/pds/identity-service/token_endpoint_contract.json).
 */
describe('NHS OAuth2 token endpoint and client assertion (over HTTP)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const now = () => Math.floor(Date.now() / 1000);

  function jwt(header: Record<string, unknown>, claims: Record<string, unknown>, key = testKeys().privateKey): string {
    const input = `${b64urlJson(header)}.${b64urlJson(claims)}`;
    const alg = header.alg === 'RS256' ? 'sha256' : 'sha512';
    return `${input}.${sign(alg, Buffer.from(input), key).toString('base64url')}`;
  }
  function claims(over: Record<string, unknown> = {}) {
    return { iss: TEST_API_KEY, sub: TEST_API_KEY, aud: h.sandbox.tokenUrl, jti: randomUUID(), exp: now() + 300, ...over };
  }
  async function exchange(assertion: string | undefined, form: Record<string, string> = {}) {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      ...(assertion !== undefined ? { client_assertion: assertion } : {}),
      ...form,
    });
    const res = await request(h.sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, string> };
  }

  it('issues a token for a valid assertion built by the client (expires_in is the string "599")', async () => {
    const assertion = buildClientAssertion({
      apiKey: TEST_API_KEY,
      tokenUrl: h.sandbox.tokenUrl,
      kid: TEST_KID,
      privateKey: testKeys().privateKey,
      ttlSeconds: 300,
    });
    const r = await exchange(assertion);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: '599' });
    expect(r.body.access_token).toMatch(/^(?=.*[a-zA-Z])(?=.*\d)[a-zA-Z0-9]+$/);
  });

  it('builds the assertion exactly as NHS requires: RS512/JWT/kid, iss = sub = API key, aud = token URL, fresh jti, exp ≤ 300 s', () => {
    const mk = () =>
      buildClientAssertion({
        apiKey: 'k',
        tokenUrl: 'https://x/oauth2/token',
        kid: 'kid-9',
        privateKey: testKeys().privateKey,
        ttlSeconds: 300,
      });
    const [a, b] = [mk(), mk()];
    const [hdr, payload] = a
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(hdr).toEqual({ alg: 'RS512', typ: 'JWT', kid: 'kid-9' });
    expect(payload.iss).toBe('k');
    expect(payload.sub).toBe('k');
    expect(payload.aud).toBe('https://x/oauth2/token');
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.exp - now()).toBeLessThanOrEqual(300);
    expect(payload.exp - now()).toBeGreaterThan(250);
    expect(JSON.parse(Buffer.from(b.split('.')[1], 'base64url').toString()).jti).not.toBe(payload.jti);
  });

  const desc = (s: string) => ({ error_description: s });
  it.each([
    [
      'wrong alg (RS256)',
      () => jwt({ alg: 'RS256', typ: 'JWT', kid: TEST_KID }, claims()),
      400,
      desc("Invalid 'alg' header in client_assertion JWT - unsupported JWT algorithm - must be 'RS512'"),
    ],
    ['missing kid', () => jwt({ alg: 'RS512', typ: 'JWT' }, claims()), 400, desc("Missing 'kid' header in client_assertion JWT")],
    [
      'unknown kid',
      () => jwt({ alg: 'RS512', typ: 'JWT', kid: 'nope' }, claims()),
      401,
      desc("Invalid 'kid' header in client_assertion JWT - no matching public key"),
    ],
    [
      'typ not JWT',
      () => jwt({ alg: 'RS512', typ: 'JWS', kid: TEST_KID }, claims()),
      400,
      desc("Invalid 'typ' header in client_assertion JWT - must be 'JWT'"),
    ],
    [
      'bad aud',
      () => jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, claims({ aud: 'https://int.api.service.nhs.uk/oauth2/token' })),
      401,
      desc("Missing or invalid 'aud' claim in client_assertion JWT"),
    ],
    [
      'exp too far ahead',
      () => jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, claims({ exp: now() + 331 })),
      400,
      desc("Invalid 'exp' claim in client_assertion JWT - more than 5 minutes in future"),
    ],
    [
      'expired',
      () => jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, claims({ exp: now() - 1 })),
      400,
      desc("Invalid 'exp' claim in client_assertion JWT - JWT has expired"),
    ],
    [
      'exp not an integer',
      () => jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, claims({ exp: `${now() + 60}` })),
      400,
      desc("Invalid 'exp' claim in client_assertion JWT - must be an integer"),
    ],
    [
      'iss ≠ sub',
      () => jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, claims({ sub: 'other' })),
      400,
      desc("Missing or non-matching 'iss'/'sub' claims in client_assertion JWT"),
    ],
    [
      'unknown app',
      () => jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, claims({ iss: 'ghost', sub: 'ghost' })),
      401,
      desc("Invalid 'iss'/'sub' claims in client_assertion JWT"),
    ],
    [
      'missing jti',
      () => jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, claims({ jti: undefined })),
      400,
      desc("Missing 'jti' claim in client_assertion JWT"),
    ],
    [
      'jti not a string',
      () => jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, claims({ jti: 42 })),
      400,
      desc("Invalid 'jti' claim in client_assertion JWT - must be a unique string value such as a GUID"),
    ],
    [
      'signed by another key',
      () => jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, claims(), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
      401,
      { error: 'public_key error', error_description: 'JWT signature verification failed' },
    ],
    ['not a JWT', () => 'not-a-jwt', 400, desc('Malformed JWT in client_assertion')],
  ])('refuses %s with the NHS answer', async (_name, make, status, body) => {
    const r = await exchange(make());
    expect(r.status).toBe(status);
    expect(r.body).toMatchObject(body);
    expect(r.body.message_id).toBeTruthy();
  });

  it('refuses a reused jti', async () => {
    const c = claims();
    const first = await exchange(jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, c));
    expect(first.status).toBe(200);
    const again = await exchange(jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, c));
    expect(again).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'invalid_request', error_description: "Non-unique 'jti' claim in client_assertion JWT" }),
    });
  });

  it('refuses form errors: grant_type missing or invalid, assertion type, missing assertion', async () => {
    expect((await exchange('x', { grant_type: '' })).body.error_description).toBe('grant_type is missing');
    expect((await exchange('x', { grant_type: 'authorization_code' })).body).toMatchObject({
      error: 'unsupported_grant_type',
      error_description: 'grant_type is invalid',
    });
    expect((await exchange('x', { client_assertion_type: 'jwt' })).body.error_description).toMatch(
      /^Missing or invalid client_assertion_type/,
    );
    expect((await exchange(undefined)).body.error_description).toBe('Missing client_assertion');
  });

  it('answers 403 when the app has no registered public key', async () => {
    h.sandbox.registerApp({ apiKey: 'no-keys-app' });
    const r = await exchange(jwt({ alg: 'RS512', typ: 'JWT', kid: TEST_KID }, claims({ iss: 'no-keys-app', sub: 'no-keys-app' })));
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('public_key error');
  });

  it('caches the access token and refreshes once under concurrency (single-flight)', async () => {
    const tokens = h.get(NhsAccessTokenService);
    await tokens.invalidate();
    const before = tokens.exchanges;
    const got = await Promise.all(Array.from({ length: 10 }, () => tokens.accessToken()));
    expect(new Set(got).size).toBe(1);
    expect(tokens.exchanges - before).toBe(1);
    await tokens.accessToken();
    expect(tokens.exchanges - before).toBe(1);
  });

  it('refreshes the token NHS_TOKEN_REFRESH_MARGIN_S (60 s) before its 599 s lifetime ends, not earlier', async () => {
    const tokens = h.get(NhsAccessTokenService);
    await tokens.invalidate();
    const first = await tokens.accessToken();
    const before = tokens.exchanges;
    const realNow = Date.now.bind(Date);
    const clock = jest.spyOn(Date, 'now');
    try {
      clock.mockImplementation(() => realNow() + 530_000);
      expect(await tokens.accessToken()).toBe(first);
      expect(tokens.exchanges).toBe(before);
      clock.mockImplementation(() => realNow() + 545_000);
      expect(await tokens.accessToken()).not.toBe(first);
      expect(tokens.exchanges).toBe(before + 1);
    } finally {
      clock.mockRestore();
      await tokens.invalidate();
    }
  });

  it('after the API rejects an expired token, gets a new one and succeeds', async () => {
    const tokens = h.get(NhsAccessTokenService);
    await tokens.accessToken();
    const before = tokens.exchanges;
    h.sandbox.expireTokens();
    const out = await h.get(PdsClient).read('9690937286', { requestId: 'r-1' });
    expect(out.kind).toBe('found');
    expect(tokens.exchanges - before).toBe(1);
    const pdsCalls = received(h.sandbox, '/personal-demographics').slice(-2);
    expect(pdsCalls.map((c) => c.headers.authorization)).toHaveLength(2);
    expect(pdsCalls[0].headers.authorization).not.toBe(pdsCalls[1].headers.authorization);
  });

  it('reports a refused token request as a typed error, never the token', async () => {
    h.sandbox.registerApp({ apiKey: TEST_API_KEY, jwks: testJwks('another-kid') });
    const tokens = h.get(NhsAccessTokenService);
    await tokens.invalidate();
    await expect(tokens.accessToken()).rejects.toMatchObject({ status: 401, error: 'invalid_request' });
    await expect(tokens.accessToken()).rejects.toBeInstanceOf(NhsTokenError);
    const read = await h.get(PdsClient).read('9690937286', { requestId: 'r-2' });
    expect(read).toEqual({ kind: 'upstream-error', status: 401, code: 'token:invalid_request' });
    h.sandbox.registerApp({ apiKey: TEST_API_KEY, jwks: testJwks() });
  });
});
