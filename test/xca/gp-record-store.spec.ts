import { randomUUID } from 'node:crypto';
import type { KeyvStore } from '@gw/cache';
import { GpRecordStore, type GpRecordDocument } from '@gw/gp-record';
import { testRedisStore, xcaTestConfig } from './fake-upstream';

const NHS = '9690937286';
// Bytes that are not valid UTF-8 on their own and a non-ASCII character: a text round trip would change them.
const BYTES = Buffer.concat([Buffer.from('<ClinicalDocument>Zoë</ClinicalDocument>', 'utf8'), Buffer.from([0xff, 0x00, 0xc3])]);

function meta(expiresInMs = 3_600_000): GpRecordDocument {
  const uid = `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`)}`;
  const now = new Date();
  return {
    nhsNumber: NHS,
    entryUuid: `urn:uuid:${randomUUID()}`,
    uniqueId: uid,
    onDemand: { entryUuid: `urn:uuid:${randomUUID()}`, uniqueId: `${uid}.1` },
    mimeType: 'text/xml',
    creationTime: '20261204100000',
    hash: 'unused-here',
    size: BYTES.length,
    title: 'GP record',
    practice: { odsCode: 'B82617' },
    generatedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + expiresInMs).toISOString(),
    notices: [],
    conversion: { mapped: 1, narrativeOnly: 0, issues: 0 },
  };
}

/** Two gateway processes sharing one Redis: each has its own local tier. */
describe('GpRecordStore document bytes (real Redis)', () => {
  let kv: KeyvStore & { namespace: string };
  let a: GpRecordStore;
  let b: GpRecordStore;

  beforeEach(() => {
    kv = testRedisStore();
    a = new GpRecordStore(kv, xcaTestConfig());
    b = new GpRecordStore(kv, xcaTestConfig());
  });
  afterEach(() => kv.close());

  it('keeps the shared copy as base64 of the exact bytes, the format every instance reads', async () => {
    const m = meta();
    await a.save({ meta: m, bytes: BYTES }, 60_000);
    expect(await kv.get<string>(`xca:doc:${m.uniqueId}`)).toBe(BYTES.toString('base64'));
  });

  it('another instance decodes the shared copy to the same bytes, once, then serves its own copy', async () => {
    const m = meta();
    await a.save({ meta: m, bytes: BYTES }, 60_000);
    const first = await b.byUniqueId(m.uniqueId);
    expect(first?.bytes.equals(BYTES)).toBe(true);
    expect(first?.meta).toEqual(m);
    // With the shared copy gone, b still has the bytes it decoded and a the bytes it generated.
    await kv.delete(`xca:doc:${m.uniqueId}`);
    expect((await b.byUniqueId(m.uniqueId))?.bytes.equals(BYTES)).toBe(true);
    expect((await a.byUniqueId(m.uniqueId))?.bytes.equals(BYTES)).toBe(true);
    // An instance that never held them answers that the document is not held.
    expect(await new GpRecordStore(kv, xcaTestConfig()).byUniqueId(m.uniqueId)).toBeUndefined();
  });

  it('an On-Demand id retrieves the bytes of the document behind it', async () => {
    const m = meta();
    await a.save({ meta: m, bytes: BYTES }, 60_000);
    const viaOnDemand = await b.byUniqueId(m.onDemand.uniqueId);
    expect(viaOnDemand?.meta.uniqueId).toBe(m.uniqueId);
    expect(viaOnDemand?.bytes.equals(BYTES)).toBe(true);
  });

  it('a purge removes the decoded copy of this instance as well as the shared one', async () => {
    const m = meta();
    await a.save({ meta: m, bytes: BYTES }, 60_000);
    expect(await a.purgePatient(NHS)).toBe(1);
    expect(await a.byUniqueId(m.uniqueId)).toBeUndefined();
    expect(await kv.get(`xca:doc:${m.uniqueId}`)).toBeUndefined();
  });

  it('a decoded copy never outlives the document it came from', async () => {
    const m = meta(300);
    await a.save({ meta: m, bytes: BYTES }, 60_000);
    expect((await b.byUniqueId(m.uniqueId))?.bytes.equals(BYTES)).toBe(true);
    await kv.delete(`xca:doc:${m.uniqueId}`);
    await new Promise((r) => setTimeout(r, 400));
    // The metadata is still in the shared store (written with a longer TTL here), the bytes are not.
    expect(await b.byUniqueId(m.uniqueId)).toBeUndefined();
  });
});
