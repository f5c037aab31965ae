import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { buildClientAssertion, jwkThumbprint } from '@gw/auth';
import { startEmbeddedNhs } from '../../apps/gateway/src/dev/start-embedded-nhs';
import { startGateway, type StartedGateway } from '../support/gateway-harness';

/** The embedded default (sandbox + generated key registered as our JWKS) and the gateway's JWKS endpoint. */
describe('embedded NHS sandbox and the gateway JWKS', () => {
  let gw: StartedGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('serves our public key as a JWKS (public parts only, with its kid)', async () => {
    const res = await request(`${gw.url}/.well-known/jwks.json`);
    expect(res.statusCode).toBe(200);
    const jwks = (await res.body.json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS512', kid: gw.env.NHS_KEY_ID, e: 'AQAB' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  /** A token request for `apiKey`, signed with the gateway's own key. */
  async function tokenFor(apiKey: string) {
    const assertion = buildClientAssertion({
      apiKey,
      tokenUrl: gw.sandbox.tokenUrl,
      kid: gw.env.NHS_KEY_ID!,
      privateKey: createPrivateKey(gw.env.NHS_PRIVATE_KEY!),
      ttlSeconds: 300,
    });
    const res = await request(gw.sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }).toString(),
    });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, string> };
  }

  it('is what the token endpoint verifies our assertions against when registered by URL, as NHS England registers apps', async () => {
    gw.sandbox.registerApp({ apiKey: 'jwks-url-app', jwksUrl: `${gw.url}/.well-known/jwks.json` });
    expect((await tokenFor('jwks-url-app')).status).toBe(200);
  });

  it('gives the NHS answer when the registered JWKS URL cannot be reached', async () => {
    gw.sandbox.registerApp({ apiKey: 'jwks-down-app', jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json' });
    expect(await tokenFor('jwks-down-app')).toEqual({
      status: 403,
      body: expect.objectContaining({
        error: 'public_key error',
        error_description: "The JWKS endpoint, for your client_assertion can't be reached",
      }),
    });
  });

  it('points the NHS base URLs at the sandbox as settings of the app, leaving process.env as it was', () => {
    expect(gw.env).toMatchObject({
      PDS_BASE_URL: gw.sandbox.pdsBaseUrl,
      SDS_BASE_URL: gw.sandbox.sdsBaseUrl,
      NHS_TOKEN_URL: gw.sandbox.tokenUrl,
    });
    for (const v of ['PDS_BASE_URL', 'SDS_BASE_URL', 'NHS_TOKEN_URL', 'NHS_KEY_ID', 'NHS_PRIVATE_KEY', 'XUA_TRUSTED_CERTS']) {
      expect(`${v}=${process.env[v]}`).toBe(`${v}=undefined`);
    }
  });

  it('runs the gateway app on those settings: its readiness checks reach the sandbox', async () => {
    const ready = await request(`${gw.url}/health/ready`);
    const body = (await ready.body.json()) as { details: Record<string, { status: string }> };
    expect(ready.statusCode).toBe(200);
    expect(Object.keys(body.details)).toEqual(expect.arrayContaining(['nhs-oauth', 'pds', 'sds']));
  });
});

describe('startEmbeddedNhs', () => {
  it('does nothing when a real NHS endpoint is configured', async () => {
    process.env.PDS_BASE_URL = 'https://int.api.service.nhs.uk/personal-demographics/FHIR/R4';
    try {
      expect(await startEmbeddedNhs({ port: 0 })).toBeUndefined();
    } finally {
      delete process.env.PDS_BASE_URL;
    }
  });

  it('writes its generated key to NHS_SANDBOX_KEY_FILE, reuses a key found there, and hands it over without writing process.env', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nhs-key-'));
    const file = join(dir, 'keys', 'nhs-signing-key.pem');
    process.env.NHS_SANDBOX_KEY_FILE = file;
    try {
      const first = await startEmbeddedNhs({ port: 0 });
      expect(existsSync(file)).toBe(true);
      expect(jwkThumbprint(createPrivateKey(readFileSync(file, 'utf8')))).toBe(first!.overrides.NHS_KEY_ID);
      expect(first!.overrides.NHS_PRIVATE_KEY).toBe(readFileSync(file, 'utf8'));
      expect(process.env.PDS_BASE_URL).toBeUndefined();
      expect(process.env.NHS_KEY_ID).toBeUndefined();
      expect(process.env.NHS_PRIVATE_KEY).toBeUndefined();
      await first!.close();

      const own = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      writeFileSync(file, own.export({ type: 'pkcs8', format: 'pem' }).toString());
      const second = await startEmbeddedNhs({ port: 0 });
      expect(second!.overrides.NHS_KEY_ID).toBe(jwkThumbprint(own));
      await second!.close();
    } finally {
      delete process.env.NHS_SANDBOX_KEY_FILE;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps its generated key in GATEWAY_STATE_DIR by default (mode 0600) and reuses it on the next start; "memory" keeps none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-state-'));
    const state = join(dir, 'state');
    process.env.GATEWAY_STATE_DIR = state;
    try {
      const first = await startEmbeddedNhs({ port: 0 });
      const kid = first!.overrides.NHS_KEY_ID;
      await first!.close();
      const file = join(state, 'nhs-sandbox-key.pem');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(jwkThumbprint(createPrivateKey(readFileSync(file, 'utf8')))).toBe(kid);

      const second = await startEmbeddedNhs({ port: 0 });
      expect(second!.overrides.NHS_KEY_ID).toBe(kid);
      await second!.close();

      rmSync(state, { recursive: true });
      process.env.NHS_SANDBOX_KEY_FILE = 'memory';
      process.env.XUA_DEMO_SIGNER_DIR = ':memory:'; // the demo signer keeps its files in the same folder
      const third = await startEmbeddedNhs({ port: 0 });
      await third!.close();
      expect(existsSync(join(state, 'nhs-sandbox-key.pem'))).toBe(false);
    } finally {
      delete process.env.GATEWAY_STATE_DIR;
      delete process.env.NHS_SANDBOX_KEY_FILE;
      delete process.env.XUA_DEMO_SIGNER_DIR;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
