import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { DisposableRedis } from '../platform/support/redis-server.util';
import { buildGateway, startGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { readSample, soapRequest, withPdqParameters } from '../support/soap-messages';
import { RsyslogReceiver } from './support/rsyslog-receiver';
import { makeTestPki, type TestPki } from './support/test-pki';

/**
 * How long the audit repository is down under load. The figure is 30 s
 * (AUDIT_OUTAGE_MS=30000); 5 s by default here proves the same: hundreds of records queue up
 * (past the readiness threshold) and the sender backs off repeatedly before the receiver returns.
 */
const OUTAGE_MS = Number(process.env.AUDIT_OUTAGE_MS ?? 5_000);
const ADMIN_KEY = 'audit-outage-admin-key-0123456789';
const ITI55 = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
const NHS_OID = '2.16.840.1.113883.2.1.4.1';
const patient = SANDBOX_PATIENTS.found[0];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const iti55 = soapRequest(
  ITI55,
  withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), {
    ids: [{ root: NHS_OID, extension: patient.nhsNumber }],
    family: patient.family,
    given: patient.given?.slice(0, 1),
    birthTime: patient.birthDate?.replace(/-/g, ''),
    gender: patient.gender === 'male' ? 'M' : patient.gender === 'female' ? 'F' : undefined,
  }),
);

/**
 * Most requests per phase: both phases' records stay within one GET /admin/audit page (1000), which
 * the test reads back as the outbox's own account of what it holds.
 */
const MAX_PER_PHASE = 450;

/** ITI-55s from a few workers until stopped (or MAX_PER_PHASE sent); the request ids (ours, X-Request-ID) of those answered 200. */
function load(url: string, workers = 3): { stop: () => Promise<string[]> } {
  const pool = new Pool(url, { connections: workers });
  const answered: string[] = [];
  let stopped = false;
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (!stopped && sent < MAX_PER_PHASE) {
      sent++;
      const id = randomUUID();
      try {
        const res = await pool.request({
          path: '/SOAP/iti55',
          method: 'POST',
          headers: { 'content-type': 'application/soap+xml; charset=utf-8', 'x-request-id': id },
          body: iti55,
        });
        await res.body.text();
        if (res.statusCode === 200) answered.push(id);
        // Spread over the phase rather than spent in its first seconds.
        await sleep(10);
      } catch {
        return; // the gateway was killed: what it answered before is what counts
      }
    }
  };
  const running = Array.from({ length: workers }, worker);
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(running);
      await pool.destroy();
      return answered;
    },
  };
}

async function getJson(url: string, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  return { status: res.status, body: await res.json() };
}

/** Waits (bounded) until `done()` holds; returns how long it took. */
async function until(done: () => boolean, what: string, limitMs = 90_000): Promise<number> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting: ${what}`);
    await sleep(100);
  }
  return Date.now() - started;
}

/**
 * A real gateway process shipping DICOM audit messages over syslog TLS to Debian's rsyslogd:
 * 1. under ITI-55 load the receiver is stopped for OUTAGE_MS and started again: every answered
 *    transaction's record arrives, readiness reported the backlog meanwhile;
 * 2. the receiver is stopped, the gateway SIGKILLed mid-load and started again (same outbox): the
 *    backlog it left is delivered once the receiver is back.
 * Every record the outbox holds (read through GET /admin/audit, after the restart) arrives; a record
 * arriving twice (at-least-once) carries the same id and the same message.
 */
async function outageScenario(dir: string, pki: TestPki, redisUrl: string): Promise<string> {
  const receiver = await RsyslogReceiver.start(dir, pki);
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    NHS_SANDBOX_PORT: '0',
    NHS_SANDBOX_PDS_TPS: '100000',
    REDIS_URL: redisUrl,
    CACHE_NAMESPACE: `gwt-${randomBytes(6).toString('hex')}`,
    XUA_MODE: 'off',
    THROTTLE_LIMIT: '1000000',
    ADMIN_API_KEY: ADMIN_KEY,
    AUDIT_PSEUDONYM_KEY: 'audit-outage-pseudonym-key',
    // The boot line the harness waits for ("Gateway listening on …") is logged at info.
    LOG_LEVEL: 'info',
    OTEL_ENABLED: 'false',
    AUDIT_SINK: 'syslog-tls',
    AUDIT_SYSLOG_ADDRESS: `127.0.0.1:${receiver.port}`,
    AUDIT_SYSLOG_CA_FILE: pki.ca,
    AUDIT_SYSLOG_CERT_FILE: pki.clientCert,
    AUDIT_SYSLOG_KEY_FILE: pki.clientKey,
    AUDIT_SYSLOG_CONFIRM_MS: '500',
    AUDIT_SEND_MIN_BACKOFF_MS: '100',
    AUDIT_SEND_MAX_BACKOFF_MS: '1000',
    AUDIT_SEND_LEASE_MS: '1000',
    AUDIT_BACKLOG_READY_MAX: '20',
    AUDIT_JOURNAL_DIR: join(dir, 'journal'),
  };
  const delivered = () => new Set(receiver.received().map((m) => m.requestId));
  let gw: GatewayProcess | undefined = await startGatewayProcess(env, { build: false });
  try {
    // 1. Outage under load.
    let traffic = load(gw.url);
    await sleep(1_500);
    await receiver.down();
    await sleep(OUTAGE_MS);
    const ready = await fetch(`${gw.url}/health/ready`);
    const readiness = (await ready.json()) as { error?: { audit?: { backlog?: number } } };
    expect(ready.status).toBe(503);
    const backlogAtOutage = readiness.error?.audit?.backlog ?? 0;
    expect(backlogAtOutage).toBeGreaterThan(20);
    await receiver.up();
    const receiverBack = Date.now();
    await sleep(1_000);
    const phase1 = await traffic.stop();
    await until(() => phase1.every((id) => delivered().has(id)), 'phase 1 records delivered');
    const drainMs = Date.now() - receiverBack;
    expect((await fetch(`${gw.url}/health/ready`)).status).toBe(200);

    // 2. Receiver down, gateway killed mid-load, restarted on the same outbox.
    await receiver.down();
    traffic = load(gw.url);
    await sleep(1_500);
    gw.child.kill('SIGKILL');
    const phase2 = await traffic.stop();
    gw = await startGatewayProcess(env, { build: false });
    await receiver.up();
    await until(() => phase2.every((id) => delivered().has(id)), 'phase 2 records delivered after the restart');

    // Every record the outbox holds arrives, duplicates only with the same id and message.
    const stored = (await getJson(gw.url, '/admin/audit?limit=1000')).body as {
      outbox: string;
      records: { id: string; requestId: string }[];
    };
    expect(stored.outbox).toBe(redisUrl ? 'redis' : 'file');
    expect(stored.records.length).toBeGreaterThanOrEqual(phase1.length + phase2.length);
    for (const id of [...phase1, ...phase2]) expect(stored.records.some((r) => r.requestId === id)).toBe(true);
    await until(() => {
      const ids = new Set(receiver.received().map((m) => m.id));
      return stored.records.every((r) => ids.has(r.id));
    }, 'every stored record delivered');
    const messages = receiver.received();
    const byId = new Map<string, string[]>();
    for (const m of messages) byId.set(m.id, [...(byId.get(m.id) ?? []), m.body]);
    for (const [, bodies] of byId) expect(new Set(bodies).size).toBe(1);
    expect(messages.every((m) => m.msgid === 'IHE+RFC-3881' && m.body.includes('<AuditMessage>'))).toBe(true);
    expect(messages.some((m) => m.body.includes(patient.nhsNumber))).toBe(false);
    const duplicates = messages.length - byId.size;
    return (
      `${redisUrl ? 'redis' : 'file'} outbox, outage ${OUTAGE_MS} ms: answered ${phase1.length} + ${phase2.length} ITI-55, ` +
      `backlog at outage ${backlogAtOutage}, drained ${drainMs} ms after the receiver returned; ` +
      `${stored.records.length} records stored, ${messages.length} messages received, ${byId.size} distinct ids, ${duplicates} duplicates`
    );
  } finally {
    gw?.child.kill('SIGKILL');
    await receiver.down();
  }
}

describe('audit delivery across a receiver outage and a gateway crash (rsyslog over TLS)', () => {
  let pki: TestPki;
  let root: string;

  beforeAll(() => {
    buildGateway();
    root = mkdtempSync(join(tmpdir(), 'gw-audit-outage-'));
    pki = makeTestPki(root);
  }, 240_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('delivers every record from the local file journal', async () => {
    const dir = mkdtempSync(join(root, 'file-'));
    console.log(await outageScenario(dir, pki, ''));
  }, 300_000);

  it('delivers every record from the Redis Stream outbox', async () => {
    const redis = await DisposableRedis.start();
    try {
      const dir = mkdtempSync(join(root, 'redis-'));
      console.log(await outageScenario(dir, pki, redis.url));
    } finally {
      await redis.down();
    }
  }, 300_000);
});
