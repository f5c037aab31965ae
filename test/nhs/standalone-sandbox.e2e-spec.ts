import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { buildClientAssertion, publicJwk } from '@gw/auth';
import { ConfigValidationError, loadConfig } from '@gw/config';
import { startNhsSandbox, type NhsSandbox } from '@gw/nhs-sandbox';
import { NhsSandboxConfig } from '@gw/nhs-sandbox';
import { standaloneOptions } from '@gw/nhs-sandbox';

/**
 * The sandbox as its own service (the compose nhs-sandbox): reached under a name other than its
 * listening address, with the gateway registered from configuration by JWKS URL. Registration must
 * hold across a sandbox restart and across the application's restart with a new key, with no
 * one-shot registration step.
 */
const API_KEY = 'compose-sandbox-app';
const KID = 'compose-sandbox-key';

const newKey = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** Stands in for the application's published JWKS (the gateway's /.well-known/jwks.json). */
async function jwksServer(key: () => KeyObject): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [publicJwk(key(), KID)] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`, server };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function token(sandbox: NhsSandbox, key: KeyObject, aud = sandbox.tokenUrl): Promise<number> {
  const assertion = buildClientAssertion({ apiKey: API_KEY, tokenUrl: aud, kid: KID, privateKey: key, ttlSeconds: 300 });
  const res = await request(sandbox.tokenUrl, {
    method: 'POST',
    // A fresh connection each time: the sandbox is restarted between calls.
    reset: true,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }).toString(),
  });
  await res.body.dump();
  return res.statusCode;
}

describe('NHS sandbox as its own service', () => {
  let key = newKey();
  let jwks: { url: string; server: Server };
  let port: number;
  let env: Record<string, string>;
  let sandbox: NhsSandbox | undefined;

  beforeAll(async () => {
    jwks = await jwksServer(() => key);
    port = await freePort();
    env = {
      NHS_SANDBOX_PORT: String(port),
      NHS_SANDBOX_HOST: '127.0.0.1',
      NHS_SANDBOX_PUBLIC_URL: `http://localhost:${port}`,
      NHS_SANDBOX_APP_API_KEY: API_KEY,
      NHS_SANDBOX_APP_JWKS_URL: jwks.url,
    };
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });
  afterAll(() => new Promise((r) => jwks.server.close(r)));

  const start = async () => (sandbox = await startNhsSandbox(standaloneOptions(loadConfig(NhsSandboxConfig, env))));

  it('derives the token audience and the GP Connect address SDS hands out from NHS_SANDBOX_PUBLIC_URL', async () => {
    const s = await start();
    expect(s.tokenUrl).toBe(`http://localhost:${port}/oauth2/token`);
    expect(s.gpConnectRoot.startsWith(`http://localhost:${port}/`)).toBe(true);
    expect(await token(s, key)).toBe(200);
    // An assertion addressed to the listening address is for another audience.
    expect(await token(s, key, `http://127.0.0.1:${port}/oauth2/token`)).toBe(401);
  });

  it('keeps the configured application across a sandbox restart, with no registration call', async () => {
    expect(await token(await start(), key)).toBe(200);
    await sandbox!.close();
    expect(await token(await start(), key)).toBe(200);
  });

  it('follows the application to a new key (a recreated gateway) through its JWKS URL', async () => {
    const s = await start();
    const old = key;
    key = newKey();
    expect(await token(s, key)).toBe(200);
    expect(await token(s, old)).toBe(401);
  });

  it('refuses an application API key without a JWKS URL, and a public URL with a path', () => {
    expect(() => loadConfig(NhsSandboxConfig, { ...env, NHS_SANDBOX_APP_JWKS_URL: '' })).toThrow(ConfigValidationError);
    expect(() => loadConfig(NhsSandboxConfig, { ...env, NHS_SANDBOX_PUBLIC_URL: 'http://nhs-sandbox:3001/x' })).toThrow(
      /NHS_SANDBOX_PUBLIC_URL/,
    );
  });
});
