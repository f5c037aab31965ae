import { createHash } from 'node:crypto';
import type { GpRecordOutcome } from '@gw/gp-connect';
import { KeyValueStore, type KeyvStore } from '@gw/cache';
import { deferred, FakeRenderer, xcaTestConfig, record, REQUESTER, ScriptedFetcher, testRedisStore } from './fake-upstream';
import { GpRecordDocumentService, GpRecordStore, type PatientDocumentOutcome } from '@gw/gp-record';

const NHS = '9690937286';
const ctx = { requester: REQUESTER, requestId: 'req-1' };

describe('GpRecordDocumentService (real Redis, scripted upstream)', () => {
  let kv: KeyvStore & { namespace: string };
  let fetcher: ScriptedFetcher;
  let renderer: FakeRenderer;
  let sut: GpRecordDocumentService;

  beforeEach(() => {
    kv = testRedisStore();
    fetcher = new ScriptedFetcher(async (nhs) => record(nhs));
    renderer = new FakeRenderer();
    sut = new GpRecordDocumentService(
      fetcher.asFetcher(),
      renderer,
      new GpRecordStore(kv),
      xcaTestConfig({ XCA_UPSTREAM_DEADLINE_MS: 5_000 }),
    );
  });
  afterEach(() => kv.close());

  it('generates on a miss, then answers from the cache', async () => {
    const first = await sut.forPatient(NHS, ctx);
    expect(first.kind).toBe('document');
    const second = await sut.forPatient(NHS, ctx);
    expect(second).toMatchObject({ kind: 'document', cache: 'hit' });
    expect(fetcher.calls).toBe(1);
    if (first.kind !== 'document' || second.kind !== 'document') throw new Error();
    expect(second.document.uniqueId).toBe(first.document.uniqueId);
  });

  it('publishes hash and size of the exact stored bytes, and header facts read from the document', async () => {
    const out = await sut.forPatient(NHS, ctx);
    if (out.kind !== 'document') throw new Error(out.kind);
    const m = out.document;
    const stored = await sut.byUniqueId(m.uniqueId);
    const bytes = stored!.bytes;
    expect(m.size).toBe(bytes.length);
    expect(m.hash).toBe(createHash('sha1').update(bytes).digest('hex'));
    // the fake title has a non-ASCII character: size counts bytes, not characters
    expect(bytes.length).toBeGreaterThan(bytes.toString('utf8').length);
    expect(m.uniqueId).toMatch(/^2\.25\.\d+$/);
    expect(bytes.toString('utf8')).toContain(`<id root="${m.uniqueId}"/>`);
    expect(m.entryUuid).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(m.creationTime).toMatch(/^\d{14}$/);
    expect(m.serviceStartTime).toBe('19800101');
    expect(m.serviceStopTime).toBe(m.creationTime);
    expect(m.practice).toEqual({ odsCode: 'B82617', name: 'COXWOLD SURGERY' });
    expect(stored!.meta).toEqual(m);
    expect(await sut.uniqueIdForEntry(m.entryUuid)).toBe(m.uniqueId);
    // the On-Demand id resolves to the current instance
    expect((await sut.byUniqueId(m.onDemand.uniqueId))?.meta.uniqueId).toBe(m.uniqueId);
  });

  it('never writes the NHS number into a cache key', async () => {
    await sut.forPatient(NHS, ctx);
    // The store namespace is private to this test; list its keys through a raw client.
    const { createClient } = await import('@keyv/redis');
    const client = createClient({ url: process.env.TEST_REDIS_URL });
    await client.connect();
    const keys = await client.keys(`${kv.namespace}*`);
    await client.quit();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => k.includes(NHS))).toEqual([]);
  });

  it('stores every key with the configured document TTL (hours), not without expiry', async () => {
    sut = new GpRecordDocumentService(
      fetcher.asFetcher(),
      renderer,
      new GpRecordStore(kv),
      xcaTestConfig({ XCA_DOCUMENT_TTL_SECONDS: 7200 }),
    );
    await sut.forPatient(NHS, ctx);
    const { createClient } = await import('@keyv/redis');
    const client = createClient({ url: process.env.TEST_REDIS_URL });
    await client.connect();
    const keys = await client.keys(`${kv.namespace}*`);
    const ttls = await Promise.all(keys.map((k) => client.pTTL(k)));
    await client.quit();
    expect(keys.length).toBe(7);
    for (const t of ttls) {
      expect(t).toBeGreaterThan(3_600_000);
      expect(t).toBeLessThanOrEqual(7_200_000);
    }
  });

  it('while the shared cache is down, this process still serves what it generated (bounded local tier)', async () => {
    const down = new (class extends KeyValueStore {
      readonly kind = 'redis' as const;
      async get<T>(): Promise<T | undefined> {
        return undefined;
      }
      async set(): Promise<void> {}
      async delete(): Promise<boolean> {
        return false;
      }
      async setIfAbsent(): Promise<boolean> {
        throw new Error('cache down');
      }
      async isHealthy(): Promise<boolean> {
        return false;
      }
    })();
    sut = new GpRecordDocumentService(fetcher.asFetcher(), renderer, new GpRecordStore(down, xcaTestConfig()), xcaTestConfig());
    const a = await sut.forPatient(NHS, ctx);
    if (a.kind !== 'document') throw new Error(a.kind);
    expect(await sut.forPatient(NHS, ctx)).toMatchObject({ kind: 'document', cache: 'hit' });
    expect((await sut.byUniqueId(a.document.uniqueId))?.meta).toEqual(a.document);
    expect(fetcher.calls).toBe(1);

    const off = new GpRecordDocumentService(
      fetcher.asFetcher(),
      renderer,
      new GpRecordStore(down, xcaTestConfig({ XCA_LOCAL_FALLBACK_DOCUMENTS: 0 })),
      xcaTestConfig(),
    );
    const b = await off.forPatient(NHS, ctx);
    if (b.kind !== 'document') throw new Error(b.kind);
    expect(await off.byUniqueId(b.document.uniqueId)).toBeUndefined();
  });

  it('shares one fetch between concurrent queries for the same patient', async () => {
    const gate = deferred<GpRecordOutcome>();
    fetcher.next = () => gate.promise;
    const waiting = Promise.all([1, 2, 3, 4, 5].map(() => sut.forPatient(NHS, ctx)));
    gate.resolve(record());
    const results = await waiting;
    expect(fetcher.calls).toBe(1);
    expect(renderer.calls).toBe(1);
    expect(new Set(results.map((r) => (r.kind === 'document' ? r.document.uniqueId : r.kind))).size).toBe(1);
  });

  it('answers deadline when the upstream is slow, and the finished fetch fills the cache', async () => {
    sut = new GpRecordDocumentService(
      fetcher.asFetcher(),
      renderer,
      new GpRecordStore(kv),
      xcaTestConfig({ XCA_UPSTREAM_DEADLINE_MS: 100 }),
    );
    const gate = deferred<GpRecordOutcome>();
    fetcher.next = () => gate.promise;
    expect(await sut.forPatient(NHS, ctx)).toEqual({ kind: 'deadline' });
    gate.resolve(record());
    // A query made while the fetch is still running joins it rather than starting another.
    expect(await sut.forPatient(NHS, ctx)).toMatchObject({ kind: 'document', cache: 'miss' });
    expect(await sut.forPatient(NHS, ctx)).toMatchObject({ kind: 'document', cache: 'hit' });
    expect(fetcher.calls).toBe(1);
  });

  it.each<[string, GpRecordOutcome, PatientDocumentOutcome]>([
    ['restricted', { kind: 'restricted' }, { kind: 'unknown-patient' }],
    ['not found', { kind: 'patient-not-found' }, { kind: 'unknown-patient' }],
    ['invalid', { kind: 'invalid-nhs-number' }, { kind: 'unknown-patient' }],
    ['invalidated', { kind: 'invalidated' }, { kind: 'unknown-patient' }],
    ['GP says not found', { kind: 'gp-connect-error', code: 'PATIENT_NOT_FOUND', httpStatus: 404 }, { kind: 'no-record' }],
    ['no consent', { kind: 'gp-connect-error', code: 'NO_PATIENT_CONSENT', httpStatus: 403 }, { kind: 'refused', reason: 'no-consent' }],
    [
      'no relationship',
      { kind: 'gp-connect-error', code: 'NO_RELATIONSHIP', httpStatus: 403 },
      { kind: 'refused', reason: 'no-relationship' },
    ],
    ['access denied', { kind: 'gp-connect-error', code: 'ACCESS_DENIED', httpStatus: 403 }, { kind: 'refused', reason: 'access-denied' }],
    ['GP 500', { kind: 'gp-connect-error', code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 }, { kind: 'failed', system: 'gp-connect' }],
    ['PDS 429', { kind: 'rate-limited', service: 'pds' }, { kind: 'busy', system: 'pds' }],
    ['SDS timeout', { kind: 'timeout', service: 'sds' }, { kind: 'failed', system: 'sds' }],
    ['no practice', { kind: 'no-registered-practice' }, { kind: 'practice-unavailable' }],
    ['practice not on GP Connect', { kind: 'practice-not-enabled', practiceOdsCode: 'X1' }, { kind: 'practice-unavailable' }],
  ])('%s → %j', async (_n, upstream, expected) => {
    fetcher.next = async () => upstream;
    expect(await sut.forPatient(NHS, ctx)).toEqual(expected);
    // nothing is cached for a failure: the next query asks again
    await sut.forPatient(NHS, ctx);
    expect(fetcher.calls).toBe(2);
  });

  it('a bundle the converter refuses is a converter failure, and a throwing fetcher never escapes', async () => {
    renderer.fail = true;
    expect(await sut.forPatient(NHS, ctx)).toEqual({ kind: 'failed', system: 'converter' });
    fetcher.next = async () => {
      throw new Error('socket hang up');
    };
    expect(await sut.forPatient('9690937294', ctx)).toEqual({ kind: 'failed', system: 'internal' });
  });

  it('refresh replaces the current document; the old one stays retrievable until it expires', async () => {
    const a = await sut.forPatient(NHS, ctx);
    const b = await sut.refresh(NHS, ctx);
    if (a.kind !== 'document' || b.kind !== 'document') throw new Error();
    expect(b.document.uniqueId).not.toBe(a.document.uniqueId);
    expect(b.document.onDemand).toEqual(a.document.onDemand);
    expect((await sut.byUniqueId(a.document.onDemand.uniqueId))?.meta.uniqueId).toBe(b.document.uniqueId);
    expect(fetcher.calls).toBe(2);
    const now = await sut.forPatient(NHS, ctx);
    expect(now.kind === 'document' && now.document.uniqueId).toBe(b.document.uniqueId);
    expect(await sut.byUniqueId(a.document.uniqueId)).toBeDefined();
  });
});
