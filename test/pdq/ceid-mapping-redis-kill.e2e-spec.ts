import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attr, child, children, descendants, parseXml, NS } from '@gw/soap';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { startGateway, type StartedGateway } from '../support/gateway-harness';
import { readSample, soapRequest, withPdqParameters } from '../support/soap-messages';
import { DisposableRedis, inspector } from '../platform/support/redis-server.util';

const HL7 = 'urn:hl7-org:v3';
const NHS_OID = '2.16.840.1.113883.2.1.4.1';
const ITI55 = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
const ITI47 = 'urn:hl7-org:v3:PRPA_IN201305UV02';
/** Each request teaches a new CEID, through ITI-55 (XCPD) or ITI-47 (PDQv3) in turn. */
const TRANSACTIONS = {
  iti55: { path: '/SOAP/iti55', action: ITI55, sample: 'iti-55/request/ipf-iti55-sample-request.xml' },
  iti47: { path: '/SOAP/iti47', action: ITI47, sample: 'iti-47/request/ipf-01_PDQQuery1.xml' },
} as const;
type Transaction = keyof typeof TRANSACTIONS;
const CEID_OID = '1.2.840.114350.1.13.525.3.7.3.688884.100';
const WORKERS = 4;

/** Where the load was when a request started and when its answer arrived. */
type Phase = 'before' | 'killing' | 'outage' | 'restarting' | 'after';

interface Outcome {
  transaction: Transaction;
  ceid: string;
  started: Phase;
  ended: Phase;
  ack?: string;
  qrc?: string;
  patientIds: string[];
  issue?: string;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 40_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every stored patient id mapping in Redis, whatever its key: the values carry extension and NHS number. */
async function mappingsInRedis(url: string): Promise<Map<string, string>> {
  const redis = inspector(url);
  const found = new Map<string, string>();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        if ((await redis.type(key)) !== 'string') continue;
        const raw = await redis.get(key);
        try {
          const v = (JSON.parse(raw ?? 'null') as { value?: { extension?: unknown; nhsNumber?: unknown } } | null)?.value;
          if (typeof v?.extension === 'string' && typeof v.nhsNumber === 'string') found.set(v.extension, v.nhsNumber);
        } catch {
          // not a JSON cache entry (e.g. a throttle counter)
        }
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return found;
}

/**
 * `kill -9` of a real redis-server (with an append-only file) under a load of ITI-55s and ITI-47s that each
 * teach the gateway a new CEID, then a restart on the same port and file: every mapping the
 * gateway acknowledged (AA/OK with the patient) is in Redis afterwards, and no request answered
 * while Redis was gone was acknowledged.
 */
describe('patient id mappings when Redis is killed under ITI-55 / ITI-47 load', () => {
  const patient = SANDBOX_PATIENTS.found[0];
  let aofDir: string;
  let redis: DisposableRedis;
  let gw: StartedGateway;

  beforeAll(async () => {
    aofDir = mkdtempSync(path.join(tmpdir(), 'gw-aof-'));
    redis = await DisposableRedis.start({ aofDir });
    gw = await startGateway({
      REDIS_URL: redis.url,
      CACHE_OP_TIMEOUT_MS: '300',
      NHS_SANDBOX_PDS_TPS: '100000',
      THROTTLE_LIMIT: '100000',
      // Every request teaches one patient a new CEID; the per-patient bound is not what is tested here.
      PATIENT_ID_MAX_PER_PATIENT: '1000',
      LOG_LEVEL: 'silent',
    });
  });
  afterAll(async () => {
    await gw?.close();
    await redis?.down();
    rmSync(aofDir, { recursive: true, force: true });
  });

  async function discover(transaction: Transaction, ceid: string): Promise<Omit<Outcome, 'started' | 'ended'>> {
    const t = TRANSACTIONS[transaction];
    const res = await fetch(`${gw.url}${t.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: soapRequest(
        t.action,
        withPdqParameters(readSample(t.sample), {
          ids: [
            { root: NHS_OID, extension: patient.nhsNumber },
            { root: CEID_OID, extension: ceid },
          ],
          family: patient.family,
          given: patient.given?.slice(0, 1),
          birthTime: patient.birthDate?.replace(/-/g, ''),
          gender: patient.gender === 'male' ? 'M' : patient.gender === 'female' ? 'F' : undefined,
        }),
      ),
    });
    const msg = child(child(parseXml(await res.text()), NS.soap12, 'Body'), HL7, 'PRPA_IN201306UV02');
    const cap = child(msg, HL7, 'controlActProcess');
    return {
      transaction,
      ceid,
      ack: attr(child(child(msg, HL7, 'acknowledgement'), HL7, 'typeCode'), 'code'),
      qrc: attr(child(child(cap, HL7, 'queryAck'), HL7, 'queryResponseCode'), 'code'),
      patientIds: children(cap, HL7, 'subject').map(
        (s) =>
          attr(
            descendants(s, HL7, 'patient')[0]?.children.find((c) => c.local === 'id'),
            'extension',
          ) ?? '',
      ),
      issue: attr(
        descendants(cap, HL7, 'detectedIssueManagement')[0]?.children.find((c) => c.local === 'code'),
        'code',
      ),
    };
  }

  it('keeps every acknowledged mapping and acknowledges none while Redis is gone', async () => {
    let phase: Phase = 'before';
    let stop = false;
    let seq = 0;
    const outcomes: Outcome[] = [];
    const acknowledged = (o: Outcome) => o.ack === 'AA' && o.qrc === 'OK' && o.patientIds.includes(patient.nhsNumber);
    const count = (p: Phase, pred: (o: Outcome) => boolean) => outcomes.filter((o) => o.started === p && o.ended === p && pred(o)).length;

    const worker = async (w: number) => {
      while (!stop) {
        const started = phase;
        const n = seq++;
        const r = await discover(n % 2 ? 'iti47' : 'iti55', `KILL${process.pid}W${w}N${n}`);
        outcomes.push({ ...r, started, ended: phase });
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));

    try {
      await until(() => count('before', acknowledged) >= 15, 'mappings acknowledged before the kill');
      phase = 'killing';
      await redis.down(); // SIGKILL
      phase = 'outage';
      await until(() => count('outage', () => true) >= 12, 'answers during the outage');
      phase = 'restarting';
      await redis.up(); // same port, same append-only file
      await until(
        async () =>
          ((await (await fetch(`${gw.url}/health/ready`)).json()) as { details: { cache: { status: string } } }).details.cache.status ===
          'up',
        'the cache back',
      );
      phase = 'after';
      await until(() => count('after', acknowledged) >= 10, 'mappings acknowledged after the restart');
    } finally {
      stop = true;
      await load;
    }

    const during = outcomes.filter((o) => o.started === 'outage' && o.ended === 'outage');
    expect(during.filter(acknowledged).map((o) => o.ceid)).toEqual([]);
    // A retryable answer: AE (XCPD adds its InternalError issue), not a not-found or a silent OK.
    expect(new Set(during.map((o) => `${o.transaction} ${o.ack}/${o.qrc}/${o.issue ?? '-'}`))).toEqual(
      new Set(['iti55 AE/AE/InternalError', 'iti47 AE/AE/-']),
    );

    const stored = await mappingsInRedis(redis.url);
    const lost = outcomes.filter(acknowledged).filter((o) => stored.get(o.ceid) !== patient.nhsNumber);
    expect(lost.map((o) => `${o.started}->${o.ended} ${o.ceid}`)).toEqual([]);
  }, 90_000);
});
