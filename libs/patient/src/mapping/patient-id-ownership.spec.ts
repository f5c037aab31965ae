import { createKeyValueStore, type KeyvStore } from '@gw/cache';
import { PatientConfig } from '../patient.config';
import { LOCAL_REQUESTER, organisationKey, requesterKeyOf } from '../access/requester-key';
import { PatientIdMapStore } from './patient-id-map.store';
import { PatientIdOwnership } from './patient-id-ownership';

const EPIC_A = '1.2.840.114350.1.13.101.3.7.3.688884.100';
const EPIC_B = '1.2.840.114350.1.13.202.3.7.3.688884.100';
const ORG_A = organisationKey('urn:oid:1.2.3.101')!;
const ORG_B = organisationKey('1.2.3.202')!;

describe('PatientIdOwnership on a real redis-server', () => {
  let kv: KeyvStore;
  let map: PatientIdMapStore;

  beforeAll(() => {
    kv = createKeyValueStore({
      REDIS_URL: process.env.TEST_REDIS_URL,
      CACHE_NAMESPACE: `pidowner-${process.pid}`,
      CACHE_OP_TIMEOUT_MS: 1000,
      CACHE_MEMORY_MAX_ENTRIES: 10,
    } as never);
  });
  afterAll(() => kv.close());

  const ownership = (over: Partial<PatientConfig> = {}) => {
    const cfg = Object.assign(new PatientConfig(), over);
    map = new PatientIdMapStore(kv, cfg);
    return new PatientIdOwnership(map, cfg);
  };

  it('names requesters by home community, else organisation id; XUA off is the one local requester', () => {
    expect(requesterKeyOf({ source: 'default', homeCommunityId: 'urn:oid:1.2.3' })).toBe(LOCAL_REQUESTER);
    expect(requesterKeyOf({ source: 'saml', homeCommunityId: '1.2.3.101', organizationId: 'x' })).toBe(ORG_A);
    expect(requesterKeyOf({ source: 'saml', organizationId: 'RR8' })).toBe('org:RR8');
    expect(requesterKeyOf({ source: 'saml' })).toBeUndefined();
    expect(requesterKeyOf({ source: 'saml', homeCommunityId: 'x'.repeat(300) })).toBeUndefined();
  });

  it('the first organisation to map in an authority owns it; the local requester never claims one', async () => {
    const sut = ownership();
    expect(await sut.claim(EPIC_A, LOCAL_REQUESTER)).toBe('owned');
    expect(await sut.ownerOf(EPIC_A)).toBeUndefined();
    expect(await sut.mayResolve(EPIC_A, LOCAL_REQUESTER)).toBe(true);
    expect(await sut.claim(EPIC_A, ORG_A)).toBe('owned');
    expect(await sut.claim(EPIC_A, ORG_B)).toBe('other-owner');
    expect(await sut.mayAssert(EPIC_A, ORG_B)).toMatchObject({ ok: false });
    expect(await sut.mayAssert(EPIC_A, ORG_A)).toEqual({ ok: true });
    expect(await sut.mayResolve(EPIC_A, LOCAL_REQUESTER)).toBe(false);
    expect(await sut.mayResolve(EPIC_A, ORG_B)).toBe(false);
    expect(await sut.mayAssert(EPIC_A, undefined)).toMatchObject({ ok: false, reason: expect.stringMatching(/names no organisation/) });
  });

  it('a configured owner (PATIENT_ID_AUTHORITY_OWNERS) cannot be displaced by a first claim', async () => {
    const sut = ownership({ PATIENT_ID_AUTHORITY_OWNERS: [`${EPIC_B}=urn:oid:1.2.3.202`] });
    expect(await sut.mayAssert(EPIC_B, ORG_A)).toMatchObject({ ok: false });
    expect(await sut.claim(EPIC_B, ORG_A)).toBe('other-owner');
    expect(await map.ownerOf(EPIC_B)).toBeUndefined();
    expect(await sut.claim(EPIC_B, ORG_B)).toBe('owned');
    expect(await sut.mayResolve(EPIC_B, ORG_B)).toBe(true);
  });

  it('admits at most PATIENT_ID_MAX_PER_PATIENT ids for one patient', async () => {
    const sut = ownership({ PATIENT_ID_MAX_PER_PATIENT: 2 });
    const root = '1.2.840.114350.1.13.303.3.7.3.688884.100';
    const ids = ['1', '2', '3'].map((x) => ({ root, extension: `LIM-${x}` }));
    expect(await sut.admit(ids, '9690937278', ORG_A)).toMatch(/most patient ids/);
    expect(await sut.admit(ids.slice(0, 2), '9690937278', ORG_A)).toBeUndefined();
    for (const id of ids.slice(0, 2)) await map.put(id.root, id.extension, '9690937278', 'query');
    expect(await sut.admit(ids.slice(0, 1), '9690937278', ORG_A)).toBeUndefined();
    expect(await sut.admit(ids.slice(2), '9690937278', ORG_A)).toMatch(/keeps \(2\)/);
  });

  it('a claim the store did not keep (Redis away) is not an ownership: nothing may be mapped', async () => {
    const down = createKeyValueStore({
      REDIS_URL: 'redis://127.0.0.1:1',
      CACHE_NAMESPACE: 'pidowner-down',
      CACHE_OP_TIMEOUT_MS: 100,
      CACHE_MEMORY_MAX_ENTRIES: 10,
    } as never);
    try {
      const cfg = new PatientConfig();
      const sut = new PatientIdOwnership(new PatientIdMapStore(down, cfg), cfg);
      expect(await sut.claim(EPIC_A, ORG_A)).toBe('not-stored');
      expect(await sut.admit([{ root: EPIC_A, extension: 'Z1' }], '9690937278', ORG_A)).toMatch(/could not be stored/);
    } finally {
      await down.close();
    }
  });
});
