import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { IHE_VALIDATE_SH } from '../support/reference-paths';
import { startFakeUpstream, startPlatformApp } from './support/platform-app.util';

const ADMIN_KEY = 'test-admin-key-0123456789abcdef';
const IHE_VALIDATE = IHE_VALIDATE_SH;

describe('platform over real HTTP (Redis configured)', () => {
  const ns = `pe${process.pid}`;
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let gw: Awaited<ReturnType<typeof startPlatformApp>>;
  let redis: Redis;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    gw = await startPlatformApp({
      REDIS_URL: process.env.TEST_REDIS_URL,
      CACHE_NAMESPACE: ns,
      ADMIN_API_KEY: ADMIN_KEY,
      PDS_BASE_URL: upstream.url,
      SDS_BASE_URL: upstream.url,
      NHS_TOKEN_URL: upstream.url,
      HEALTH_UPSTREAM_CACHE_MS: '0',
      BODY_LIMIT: '2kb',
      SOAP_MAX_BODY_BYTES: '4096',
      THROTTLE_LIMIT: '1000',
    });
    redis = new Redis(process.env.TEST_REDIS_URL as string);
  });
  afterAll(async () => {
    await gw.close();
    await upstream.close();
    redis.disconnect();
  });

  describe('health', () => {
    it('/health/live answers 200 ok', async () => {
      const res = await fetch(`${gw.url}/health/live`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok' });
    });

    it('/health/ready checks Redis and each NHS endpoint (a 401 still proves it is reachable)', async () => {
      const before = upstream.hits();
      const res = await fetch(`${gw.url}/health/ready`);
      const body = await res.json();
      expect(res.status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.details.cache).toMatchObject({ status: 'up', store: 'redis' });
      // What is checked is named, so an "up" beside a 401 does not read as a failure.
      for (const name of ['pds', 'sds', 'nhs-oauth']) {
        expect(body.details[name]).toMatchObject({ status: 'up', checked: 'reachability (any HTTP answer counts)', answer: 'HTTP 401' });
        expect(body.details[name]).not.toHaveProperty('httpStatus');
      }
      expect(upstream.hits()).toBe(before + 3);
    });
  });

  describe('HTTP server timeouts', () => {
    it('keeps idle connections past a typical load-balancer idle timeout and bounds slow requests', () => {
      const server = gw.app.getHttpServer() as import('node:http').Server;
      expect(server.keepAliveTimeout).toBe(65_000);
      expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
      expect(server.requestTimeout).toBe(120_000);
    });
  });

  describe('request ids and security headers', () => {
    it('echoes a UUID X-Request-ID and replaces anything else (a token, an NHS number, garbage) with a UUID of its own', async () => {
      const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
      const kept = await fetch(`${gw.url}/test/ping`, { headers: { 'X-Request-ID': uuid } });
      expect(kept.headers.get('x-request-id')).toBe(uuid);
      for (const other of ['epic-abc.123', '9434765919', 'bad id with spaces']) {
        const replaced = await fetch(`${gw.url}/test/ping`, { headers: { 'X-Request-ID': other } });
        expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
    });

    it('sets helmet headers, hides X-Powered-By, and keeps CORS closed by default', async () => {
      const res = await fetch(`${gw.url}/test/ping`, { headers: { Origin: 'https://evil.example' } });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toBeTruthy();
      expect(res.headers.get('x-powered-by')).toBeNull();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${gw.url}/test/ping`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('bodies', () => {
    it('hands SOAP content types to controllers as the exact raw bytes (any charset)', async () => {
      const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><e>Gr\xfc\xdfe</e>', 'latin1');
      for (const type of [
        'application/soap+xml; charset=ISO-8859-1; action="urn:x"',
        'text/xml; charset=ISO-8859-1',
        'Application/SOAP+XML;charset="iso-8859-1"',
        'multipart/related; type="application/xop+xml"; boundary=b1; start="<root>"',
      ]) {
        const res = await fetch(`${gw.url}/test/raw`, { method: 'POST', headers: { 'Content-Type': type }, body: bytes });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ isBuffer: true, length: bytes.length, hex: bytes.toString('hex') });
      }
    });

    it('parses JSON within BODY_LIMIT and refuses a larger one with 413 JSON naming the request id', async () => {
      const ok = await fetch(`${gw.url}/test/json`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
      expect(await ok.json()).toEqual({ received: { a: 1 } });
      const big = await fetch(`${gw.url}/test/json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Request-ID': '7c9e6679-7425-40de-944b-e07fc1f90ae7' },
        body: JSON.stringify({ a: 'x'.repeat(3000) }),
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'Request body too large',
        requestId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      });
    });

    it('refuses a SOAP body over SOAP_MAX_BODY_BYTES with 413 and a valid SOAP 1.2 Sender fault', async () => {
      const res = await fetch(`${gw.url}/test/raw`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/soap+xml; charset=utf-8' },
        body: `<x>${'a'.repeat(5000)}</x>`,
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/^application\/soap\+xml/);
      const xml = await res.text();
      expect(xml).toContain('<s:Value>s:Sender</s:Value>');
      expect(xml).toContain('Request body too large');
      const dir = mkdtempSync(join(tmpdir(), 'gw-413-'));
      const file = join(dir, 'fault.xml');
      writeFileSync(file, xml);
      // validate.sh exits non-zero on any error; execFileSync throws then, failing the test with its output.
      const out = execFileSync('bash', [IHE_VALIDATE, '--strict', file], { encoding: 'utf8' });
      expect(out).toContain('RESULT: VALID');
    });

    it('validates DTOs: a valid body reaches the controller as the DTO; bad values and unknown properties are a 400 naming each', async () => {
      const post = (body: unknown) =>
        fetch(`${gw.url}/test/dto`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const ok = await post({ name: 'a', count: 3 });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ isDto: true, body: { name: 'a', count: 3 } });
      const bad = await post({ name: 7, count: 11, extra: true });
      expect(bad.status).toBe(400);
      const body = await bad.json();
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(body.message).toEqual(
        expect.arrayContaining(['property extra should not exist', 'name must be a string', 'count must not be greater than 10']),
      );
    });

    it('rejects malformed JSON with 400 and no parser internals', async () => {
      const res = await fetch(`${gw.url}/test/json`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":' });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(body)).not.toMatch(/at |node_modules|stack/);
    });
  });

  describe('errors', () => {
    it('turns an unexpected error into a generic 500 with the request id and no internals', async () => {
      const res = await fetch(`${gw.url}/test/boom`, { headers: { 'X-Request-ID': 'a3bb189e-8bf9-4888-9912-ace4e6543002' } });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal Server Error',
        requestId: 'a3bb189e-8bf9-4888-9912-ace4e6543002',
      });
      expect(text).not.toMatch(/hunter2|\/srv|\.ts/);
    });

    it('answers an unknown route with a JSON 404', async () => {
      const res = await fetch(`${gw.url}/nowhere`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });
  });

  describe('metrics', () => {
    it('counts a request the client abandoned as "aborted" under its route', async () => {
      const controller = new AbortController();
      const pending = fetch(`${gw.url}/test/slow`, { signal: controller.signal }).catch(() => 'aborted');
      await new Promise((r) => setTimeout(r, 100));
      controller.abort();
      await expect(pending).resolves.toBe('aborted');
      await new Promise((r) => setTimeout(r, 600));
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      expect(text).toMatch(/^gw_http_requests_total\{method="GET",route="\/test\/slow",status="aborted"\} 1$/m);
    });

    it('serves Prometheus text with process metrics, HTTP counts by route pattern and status, and cache counters', async () => {
      await fetch(`${gw.url}/health/live`);
      await fetch(`${gw.url}/nowhere/9000000009`);
      await fetch(`${gw.url}/admin/config`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
      const res = await fetch(`${gw.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      expect(text).toMatch(/^gw_http_requests_total\{method="GET",route="\/health\/live",status="200"\} \d+/m);
      expect(text).toMatch(/^gw_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/health\/live",status="200"\} \d+/m);
      expect(text).toMatch(/^gw_http_requests_total\{method="GET",route="unmatched",status="404"\} \d+/m);
      expect(text).not.toContain('9000000009');
      expect(text).toMatch(/^# TYPE gw_cache_requests_total counter/m);
      expect(text).toMatch(/^gw_cache_up\{store="redis"\} 1/m);
    });
  });

  describe('admin API', () => {
    it('refuses requests without the bearer key or with a wrong one (401)', async () => {
      const none = await fetch(`${gw.url}/admin/config`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="gateway-admin"');
      expect((await fetch(`${gw.url}/admin/config`, { headers: { Authorization: 'Bearer wrong-key' } })).status).toBe(401);
      expect((await fetch(`${gw.url}/admin/config`, { headers: { Authorization: ADMIN_KEY } })).status).toBe(401);
    });

    it('shows the runtime config with secrets masked', async () => {
      const res = await fetch(`${gw.url}/admin/config`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(ADMIN_KEY);
      expect(text).not.toContain(process.env.TEST_REDIS_URL as string);
      const cfg = JSON.parse(text);
      expect(cfg.PlatformConfig).toMatchObject({ ADMIN_API_KEY: '***', BODY_LIMIT: '2kb', PORT: 3000 });
      expect(cfg.CacheConfig).toMatchObject({ REDIS_URL: '***', CACHE_NAMESPACE: ns });
    });

    it('purges one cache key from Redis (204), then reports it gone (404)', async () => {
      await redis.set(`${ns}::sds:B82617`, JSON.stringify({ value: { asid: '918999198738' } }), 'PX', 60_000);
      const auth = { Authorization: `Bearer ${ADMIN_KEY}` };
      const del = await fetch(`${gw.url}/admin/cache/${encodeURIComponent('sds:B82617')}`, { method: 'DELETE', headers: auth });
      expect(del.status).toBe(204);
      expect(await redis.exists(`${ns}::sds:B82617`)).toBe(0);
      const again = await fetch(`${gw.url}/admin/cache/${encodeURIComponent('sds:B82617')}`, { method: 'DELETE', headers: auth });
      expect(again.status).toBe(404);
    });

    it('serves Swagger UI at /docs and an OpenAPI document with the admin routes behind bearer auth', async () => {
      const ui = await fetch(`${gw.url}/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger-ui');
      const doc = await (await fetch(`${gw.url}/docs-json`)).json();
      expect(doc.components.securitySchemes['admin-key']).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.paths['/admin/config'].get.security).toEqual([{ 'admin-key': [] }]);
      expect(doc.paths['/admin/cache/{key}'].delete.security).toEqual([{ 'admin-key': [] }]);
      expect(doc.paths['/health/ready']).toBeDefined();
    });
  });
});

describe('platform: readiness failures, CORS allow-list, disabled admin', () => {
  let gw: Awaited<ReturnType<typeof startPlatformApp>>;

  beforeAll(async () => {
    gw = await startPlatformApp({
      REDIS_URL: undefined,
      ADMIN_API_KEY: undefined,
      CORS_ORIGINS: 'https://portal.example.nhs.uk',
      // Port 9 (discard) on loopback: nothing listens, so the connection is refused.
      PDS_BASE_URL: 'http://127.0.0.1:9/pds',
      SDS_BASE_URL: 'http://127.0.0.1:9/sds',
      NHS_TOKEN_URL: 'http://127.0.0.1:9/token',
      HEALTH_UPSTREAM_CACHE_MS: '0',
    });
  });
  afterAll(() => gw.close());

  it('reports 503 from /health/ready naming each unreachable NHS endpoint, while /health/live stays 200', async () => {
    const ready = await fetch(`${gw.url}/health/ready`);
    expect(ready.status).toBe(503);
    const body = await ready.json();
    expect(body.status).toBe('error');
    expect(body.details.cache).toMatchObject({ status: 'up', store: 'memory' });
    for (const name of ['pds', 'sds', 'nhs-oauth']) expect(body.details[name].status).toBe('down');
    expect((await fetch(`${gw.url}/health/live`)).status).toBe(200);
  });

  it('allows CORS only for the configured origin', async () => {
    const allowed = await fetch(`${gw.url}/test/ping`, { headers: { Origin: 'https://portal.example.nhs.uk' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.nhs.uk');
    const other = await fetch(`${gw.url}/test/ping`, { headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 503 on admin routes when no ADMIN_API_KEY is configured, even with a bearer', async () => {
    const res = await fetch(`${gw.url}/admin/config`, { headers: { Authorization: 'Bearer anything-at-all-0123456789' } });
    expect(res.status).toBe(503);
    expect((await res.json()).message).toMatch(/ADMIN_API_KEY/);
  });
});

describe('platform: rate limiting shared through Redis', () => {
  const ns = `rl${process.pid}`;
  let gw: Awaited<ReturnType<typeof startPlatformApp>>;
  let redis: Redis;

  beforeAll(async () => {
    gw = await startPlatformApp({
      REDIS_URL: process.env.TEST_REDIS_URL,
      CACHE_NAMESPACE: ns,
      THROTTLE_LIMIT: '3',
      THROTTLE_TTL_MS: '10000',
    });
    redis = new Redis(process.env.TEST_REDIS_URL as string);
  });
  afterAll(async () => {
    await gw.close();
    redis.disconnect();
  });

  it('answers 429 with Retry-After past the limit, keeps the count in Redis, and never throttles probes', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${gw.url}/test/ping`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(10);
    expect((await redis.keys(`${ns}:throttle:*`)).length).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect((await fetch(`${gw.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(200);
  });
});

describe('platform: per-client rate limits behind a proxy', () => {
  const ping = (url: string, client: string) => fetch(`${url}/test/ping`, { headers: { 'X-Forwarded-For': client } });

  it('counts each client separately from X-Forwarded-For when TRUST_PROXY_HOPS=1', async () => {
    const gw = await startPlatformApp({ REDIS_URL: undefined, TRUST_PROXY_HOPS: '1', THROTTLE_LIMIT: '2', THROTTLE_TTL_MS: '10000' });
    try {
      expect([
        (await ping(gw.url, '10.0.0.1')).status,
        (await ping(gw.url, '10.0.0.1')).status,
        (await ping(gw.url, '10.0.0.1')).status,
      ]).toEqual([200, 200, 429]);
      expect((await ping(gw.url, '10.0.0.2')).status).toBe(200);
    } finally {
      await gw.close();
    }
  });

  it('ignores X-Forwarded-For by default (a client cannot dodge the limit by forging it)', async () => {
    const gw = await startPlatformApp({ REDIS_URL: undefined, THROTTLE_LIMIT: '2', THROTTLE_TTL_MS: '10000' });
    try {
      const statuses = [];
      for (const client of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) statuses.push((await ping(gw.url, client)).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await gw.close();
    }
  });

  it('answers a CORS preflight from an allowed origin', async () => {
    const gw = await startPlatformApp({ REDIS_URL: undefined, CORS_ORIGINS: 'https://portal.example.nhs.uk' });
    try {
      const res = await fetch(`${gw.url}/admin/config`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://portal.example.nhs.uk',
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://portal.example.nhs.uk');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    } finally {
      await gw.close();
    }
  });
});
