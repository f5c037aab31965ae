import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { request } from 'undici';
import { NhsAccessTokenService, SigningKeyService, type KeyStatus } from '@gw/auth';
import { createGatewayApp } from '../../apps/gateway/src/platform/create-gateway-app';
import { startGateway, type StartedGateway } from '../support/gateway-harness';

/**
 * Rotation of the NHS signing key across two gateway instances sharing one real redis-server, with
 * the sandbox token endpoint registered by JWKS URL as NHS England registers an application: it
 * fetches the JWKS (through a round-robin in front of both instances) at every token request.
 * Tokens are requested without pause from both instances, each a fresh exchange with a new client
 * assertion, through rotate → overlap → switch → retire; not one may fail.
 */
const ADMIN_KEY = 'key-rotation-admin-key-for-tests';
const OVERLAP_S = 3;
const RETIRE_S = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean | Promise<boolean>, ceilingMs = 30_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(100);
  }
}

async function jwksKids(base: string): Promise<string[]> {
  const res = await request(`${base}/.well-known/jwks.json`);
  const body = (await res.body.json()) as { keys: Array<{ kid: string; d?: string }> };
  expect(body.keys.every((k) => k.d === undefined)).toBe(true);
  return body.keys.map((k) => k.kid).sort();
}

async function admin(base: string, method: 'GET' | 'POST', path: string, key = ADMIN_KEY) {
  const res = await request(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}` } });
  const text = await res.body.text();
  return { status: res.statusCode, text, keys: res.statusCode === 200 ? (JSON.parse(text) as { keys: KeyStatus[] }).keys : [] };
}

/** One public address for both instances' JWKS, as a load balancer gives NHS England. */
async function roundRobin(targets: string[]): Promise<{ url: string; server: Server }> {
  let next = 0;
  const server = createServer((_req, res) => {
    const target = targets[next++ % targets.length];
    void request(`${target}/.well-known/jwks.json`)
      .then(async (r) => {
        res.writeHead(r.statusCode, { 'content-type': 'application/json' });
        res.end(await r.body.text());
      })
      .catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`, server };
}

describe('NHS signing key rotation across two instances (sandbox token endpoint by JWKS URL)', () => {
  let a: StartedGateway;
  let b: INestApplication;
  let bUrl: string;
  let lb: { url: string; server: Server };

  beforeAll(async () => {
    a = await startGateway({
      NHS_KEY_STORE: 'redis',
      CACHE_NAMESPACE: `keyrot-${process.pid}-${Date.now().toString(36)}`,
      NHS_KEY_ROTATION_OVERLAP_S: String(OVERLAP_S),
      NHS_KEY_ROTATION_RETIRE_AFTER_S: String(RETIRE_S),
      NHS_ASSERTION_TTL_S: String(RETIRE_S),
      NHS_KEY_RING_REFRESH_S: '1',
      NHS_KEY_BITS: '2048',
      ADMIN_API_KEY: ADMIN_KEY,
      // The token endpoint fetches the JWKS at every exchange; the test makes hundreds.
      THROTTLE_LIMIT: '1000000',
    });
    // The second instance: the same environment (the first one's embedded sandbox and Redis).
    b = await createGatewayApp({ env: a.env });
    await b.listen(0, '127.0.0.1');
    bUrl = `http://127.0.0.1:${(b.getHttpServer().address() as AddressInfo).port}`;
    lb = await roundRobin([a.url, bUrl]);
    a.sandbox.registerApp({ apiKey: a.env.NHS_API_KEY!, jwksUrl: lb.url });
  }, 60_000);

  afterAll(async () => {
    if (lb) await new Promise((r) => lb.server.close(r));
    await b?.close();
    await a?.close();
  });

  it('keeps issuing tokens from both instances through rotate, overlap, switch and retire, with no failed call', async () => {
    const instances = [a.app, b].map((app) => ({ tokens: app.get(NhsAccessTokenService), keys: app.get(SigningKeyService) }));
    const [k0] = await jwksKids(a.url);
    expect(await jwksKids(bUrl)).toEqual([k0]);
    expect(instances.map((i) => i.keys.key().kid)).toEqual([k0, k0]);

    const failures: string[] = [];
    const issuedWith = new Map<string, number>();
    let running = true;
    const traffic = (async () => {
      while (running) {
        for (const i of instances) {
          const kid = i.keys.key().kid;
          await i.tokens.invalidate();
          try {
            await i.tokens.accessToken();
            issuedWith.set(kid, (issuedWith.get(kid) ?? 0) + 1);
          } catch (e) {
            failures.push(`${kid}: ${(e as Error).message}`);
          }
        }
      }
    })();
    const issued = (kid: string) => issuedWith.get(kid) ?? 0;

    try {
      await until('tokens signed with the first key', () => issued(k0) >= 10);

      // Rotate on one instance: the next key is published at once, signing stays on the current one.
      const rotated = await admin(a.url, 'POST', '/admin/keys/rotate');
      expect(rotated.status).toBe(200);
      const next = rotated.keys.find((k) => k.state === 'pending')!;
      const k1 = next.kid;
      expect(rotated.keys.find((k) => k.kid === k0)).toMatchObject({ state: 'active', retireAfter: expect.any(String) });
      expect(Date.parse(next.activeFrom) - Date.parse(next.createdAt)).toBe(OVERLAP_S * 1000);
      expect(await jwksKids(a.url)).toEqual([k0, k1].sort());
      expect(rotated.text).not.toMatch(/PRIVATE KEY|privateKeyPem/);
      // A second rotation while one is pending is refused, on either instance.
      expect((await admin(bUrl, 'POST', '/admin/keys/rotate')).status).toBe(409);
      await until('the other instance to publish the next key', async () => (await jwksKids(bUrl)).length === 2);
      expect(await jwksKids(bUrl)).toEqual([k0, k1].sort());

      // After the overlap both instances sign with the new key, the old one still published.
      await until('the switch', () => Date.now() > Date.parse(next.activeFrom));
      expect(instances.map((i) => i.keys.key().kid)).toEqual([k1, k1]);
      await until('tokens signed with the new key', () => issued(k1) >= 10);
      expect(await jwksKids(a.url)).toEqual([k0, k1].sort());
      expect((await admin(bUrl, 'GET', '/admin/keys')).keys.map((k) => [k.kid, k.state])).toEqual([
        [k0, 'previous'],
        [k1, 'active'],
      ]);

      // After retireAfter the old key leaves the JWKS of both instances.
      const retireAt = Date.parse(rotated.keys.find((k) => k.kid === k0)!.retireAfter!);
      await until('the retirement', () => Date.now() > retireAt);
      expect(await jwksKids(a.url)).toEqual([k1]);
      expect(await jwksKids(bUrl)).toEqual([k1]);
      const after = issued(k1);
      await until('tokens after the retirement', () => issued(k1) >= after + 10);
    } finally {
      running = false;
      await traffic;
    }
    expect(failures).toEqual([]);
    expect(issuedWith.size).toBe(2);
  }, 90_000);

  it('lets exactly one of two instances rotating at once do it (the Redis lock, then the pending key)', async () => {
    const answers = await Promise.all([admin(a.url, 'POST', '/admin/keys/rotate'), admin(bUrl, 'POST', '/admin/keys/rotate')]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const listed = await admin(a.url, 'GET', '/admin/keys');
    expect(listed.keys.filter((k) => k.state === 'pending')).toHaveLength(1);
  }, 30_000);

  it('guards the key endpoints with the admin key', async () => {
    expect((await admin(a.url, 'POST', '/admin/keys/rotate', 'wrong')).status).toBe(401);
    expect((await admin(a.url, 'GET', '/admin/keys', 'wrong')).status).toBe(401);
  });
});
