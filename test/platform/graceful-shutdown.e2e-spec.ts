import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'undici';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { startGatewayProcess } from '../support/gateway-process';
import { readSample, soapRequest, withPdqParameters } from '../support/soap-messages';

const ITI55 = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
const NHS_OID = '2.16.840.1.113883.2.1.4.1';
const WORKERS = 6;
const patient = SANDBOX_PATIENTS.found[0];

/** One ITI-55 request or connection attempt of the load, as the client saw it. */
type Outcome =
  | { kind: 'answer'; id: string; status: number; ack?: string; qrc?: string; connectionClose: boolean; sentAfterDrainSeen: boolean }
  | { kind: 'error'; id: string; code: string };

function iti55Body(): string {
  return soapRequest(
    ITI55,
    withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), {
      ids: [{ root: NHS_OID, extension: patient.nhsNumber }],
      family: patient.family,
      given: patient.given?.slice(0, 1),
      birthTime: patient.birthDate?.replace(/-/g, ''),
      gender: patient.gender === 'male' ? 'M' : patient.gender === 'female' ? 'F' : undefined,
    }),
  );
}

/**
 * SIGTERM to a real gateway process in the middle of a keep-alive ITI-55 load (PDS answering slowly,
 * so requests are in flight): readiness turns 503 at once on an open connection, every request sent
 * after that is answered with `Connection: close`, every accepted request is answered with its
 * match (no AE "service unavailable" from an upstream client closed too early, no reset), the only
 * failures are connections refused once the listener has closed, and the process exits 0 on its own.
 */
describe('graceful shutdown of the gateway process under load', () => {
  let gw: Awaited<ReturnType<typeof startGatewayProcess>>;

  beforeAll(async () => {
    gw = await startGatewayProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      NHS_SANDBOX_PORT: '0',
      NHS_SANDBOX_KEY_FILE: '',
      NHS_SANDBOX_PDS_TPS: '100000',
      NHS_SANDBOX_FAULTS: JSON.stringify([{ path: '/personal-demographics', latencyMs: 150 }]),
      REDIS_URL: '',
      XUA_MODE: 'off',
      THROTTLE_LIMIT: '100000',
      AUDIT_PSEUDONYM_KEY: 'graceful-shutdown-pseudonym-key',
      LOG_LEVEL: 'info',
      SHUTDOWN_DELAY_MS: '2000',
      SHUTDOWN_DRAIN_TIMEOUT_MS: '5000',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      OTEL_ENABLED: 'false',
    });
  }, 240_000);
  afterAll(() => {
    if (gw?.child.exitCode === null) gw.child.kill('SIGKILL');
  });

  it('turns readiness 503, closes connections, finishes what it accepted and exits 0', async () => {
    const body = iti55Body();
    const pool = new Pool(gw.url, { connections: WORKERS });
    const probe = new Client(gw.url);
    const exited = new Promise<number | null>((r) => gw.child.once('exit', (code) => r(code)));
    const outcomes: Outcome[] = [];
    let drainSeen = false;
    let stopped = false;

    const worker = async (): Promise<void> => {
      while (!stopped) {
        const sentAfterDrainSeen = drainSeen;
        // Our X-Request-ID (a UUID, which the gateway keeps), so its access log tells which requests it accepted.
        const id = randomUUID();
        try {
          const res = await pool.request({
            path: '/SOAP/iti55',
            method: 'POST',
            headers: { 'content-type': 'application/soap+xml; charset=utf-8', 'x-request-id': id },
            body,
          });
          const text = await res.body.text();
          outcomes.push({
            kind: 'answer',
            id,
            status: res.statusCode,
            ack: /<(?:\w+:)?acknowledgement\b[^>]*>\s*<(?:\w+:)?typeCode code="(\w+)"/.exec(text)?.[1],
            qrc: /<(?:\w+:)?queryResponseCode code="(\w+)"/.exec(text)?.[1],
            connectionClose: String(res.headers.connection ?? '').toLowerCase() === 'close',
            sentAfterDrainSeen,
          });
        } catch (e) {
          const code = String((e as { code?: string }).code ?? (e as Error).message);
          outcomes.push({ kind: 'error', id, code });
          return; // refused (the listener is closed) or a failure the assertions below report
        }
      }
    };

    try {
      expect(await probe.request({ path: '/health/ready', method: 'GET' }).then(async (r) => (await r.body.dump(), r.statusCode))).toBe(
        200,
      );
      const load = Array.from({ length: WORKERS }, () => worker());
      while (outcomes.length < 40) await new Promise((r) => setTimeout(r, 20));

      gw.child.kill('SIGTERM');
      // Readiness on the connection that is already open: 503 (with Connection: close) before anything is refused.
      let ready: { status: number; connection: string } | undefined;
      while (!ready || ready.status === 200) {
        try {
          const r = await probe.request({ path: '/health/ready', method: 'GET' });
          await r.body.dump();
          ready = { status: r.statusCode, connection: String(r.headers.connection ?? '') };
        } catch (e) {
          ready = { status: 0, connection: String((e as { code?: string }).code ?? e) };
        }
      }
      drainSeen = true;
      expect(ready).toEqual({ status: 503, connection: 'close' });

      await Promise.all(load);
      expect(await exited).toBe(0);
    } finally {
      stopped = true;
      await Promise.allSettled([pool.destroy(), probe.destroy()]);
    }

    const answers = outcomes.filter((o): o is Extract<Outcome, { kind: 'answer' }> => o.kind === 'answer');
    const errors = outcomes.filter((o): o is Extract<Outcome, { kind: 'error' }> => o.kind === 'error');
    // Every accepted request got its match: no AE from a closed PDS client, no 5xx.
    expect(answers.filter((a) => `${a.status} ${a.ack} ${a.qrc}` !== '200 AA OK').map((a) => `${a.status} ${a.ack} ${a.qrc}`)).toEqual([]);
    // Nothing accepted was cut: the only failures are connections the gateway never accepted, refused
    // once the listener closed or (in the kernel's accept queue at that moment) reset. The access log
    // names every request the gateway accepted, answered or aborted.
    const logged = (id: string) => gw.logs().includes(`"${id}"`);
    expect(answers.filter((a) => !logged(a.id)).map((a) => a.id)).toEqual([]);
    expect(errors.filter((e) => e.code !== 'ECONNREFUSED' && logged(e.id)).map((e) => `${e.id} ${e.code}`)).toEqual([]);
    expect(errors.filter((e) => !['ECONNREFUSED', 'ECONNRESET'].includes(e.code)).map((e) => `${e.id} ${e.code}`)).toEqual([]);
    expect(errors).toHaveLength(WORKERS);
    // Requests sent on open connections once draining was visible were answered and asked to close.
    const late = answers.filter((a) => a.sentAfterDrainSeen);
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((a) => !a.connectionClose)).toEqual([]);
    expect(gw.logs()).toMatch(/Shutdown complete/);
  }, 120_000);
});
