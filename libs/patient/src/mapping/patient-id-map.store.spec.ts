import { createKeyValueStore, type KeyvStore } from '@gw/cache';
import { PatientConfig } from '../patient.config';
import { PatientIdMapStore } from './patient-id-map.store';
import { PatientIdResolver } from './patient-id.resolver';

const CEID = '1.2.840.114350.1.13.525.3.7.3.688884.100';

describe('PatientIdMapStore and PatientIdResolver on a real redis-server', () => {
  let kv: KeyvStore;
  let sut: PatientIdMapStore;
  let resolver: PatientIdResolver;

  beforeAll(() => {
    const url = process.env.TEST_REDIS_URL;
    expect(url).toMatch(/^redis:\/\//);
    kv = createKeyValueStore({
      REDIS_URL: url,
      CACHE_NAMESPACE: `pidmap-${process.pid}`,
      CACHE_OP_TIMEOUT_MS: 1000,
      CACHE_MEMORY_MAX_ENTRIES: 10,
    } as never);
    sut = new PatientIdMapStore(kv, new PatientConfig());
    resolver = new PatientIdResolver(sut, new PatientConfig());
  });
  afterAll(async () => {
    await kv.close();
  });

  it('stores, reads back (no expiry), re-points and deletes mappings with their reverse index', async () => {
    expect(kv.kind).toBe('redis');
    await sut.put(`urn:oid:${CEID}`, 'Z1', '9690937278', 'query');
    await sut.put(CEID, 'Z2', '9690937278', 'admin');
    expect((await sut.get(CEID, 'Z1'))?.nhsNumber).toBe('9690937278');
    expect((await sut.forNhsNumber('9690937278')).map((m) => m.extension).sort()).toEqual(['Z1', 'Z2']);
    await sut.put(CEID, 'Z2', '9690937286', 'admin');
    expect((await sut.forNhsNumber('9690937278')).map((m) => m.extension)).toEqual(['Z1']);
    expect((await sut.forNhsNumber('9690937286')).map((m) => m.extension)).toEqual(['Z2']);
    expect(await sut.delete(CEID, 'Z1')).toBe(true);
    expect(await sut.delete(CEID, 'Z1')).toBe(false);
    expect(await sut.forNhsNumber('9690937278')).toEqual([]);
  });

  it('knows CEID authorities by configuration and by the Epic pattern only', () => {
    expect(sut.isMappedAuthority(CEID)).toBe(true);
    expect(sut.isMappedAuthority('1.2.840.114350.1.13.999.2.7.3.688884.100')).toBe(true);
    expect(sut.isMappedAuthority('1.2.840.114350.1.13.999.2.7.3.688884.101')).toBe(false);
    const strict = new PatientIdMapStore(kv, Object.assign(new PatientConfig(), { CEID_MATCH_EPIC_PATTERN: false }));
    expect(strict.isMappedAuthority('1.2.840.114350.1.13.999.2.7.3.688884.100')).toBe(false);
  });

  it('resolves NHS numbers, mapped CEIDs and CX values', async () => {
    await sut.put(CEID, 'Z9', '9690937294', 'query');
    expect(await resolver.resolve('2.16.840.1.113883.2.1.4.1', '969 093 7278')).toEqual({
      kind: 'nhs-number',
      nhsNumber: '9690937278',
      via: 'nhs-number',
    });
    expect(await resolver.resolve('2.16.840.1.113883.2.1.4.1', '9000000000')).toEqual({ kind: 'invalid-nhs-number' });
    expect(await resolver.resolveCx(`Z9^^^&amp;${CEID}&amp;ISO`)).toEqual({ kind: 'nhs-number', nhsNumber: '9690937294', via: 'mapping' });
    expect(await resolver.resolve(CEID, 'unknown')).toEqual({ kind: 'unmapped' });
    expect(await resolver.resolveCx('X^^^&1.2.3&ISO')).toEqual({ kind: 'unknown-authority' });
  });
});
