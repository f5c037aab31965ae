import { parseRedisUrl } from './redis-url';
import { clusterSlot } from './redis-cluster-slot';

describe('parseRedisUrl', () => {
  it('keeps a redis:// or rediss:// URL for one server as it is', () => {
    expect(parseRedisUrl('redis://u:p@host:6380/2')).toEqual({ kind: 'single', url: 'redis://u:p@host:6380/2' });
    expect(parseRedisUrl('rediss://host')).toEqual({ kind: 'single', url: 'rediss://host' });
  });

  it('reads the sentinels, the master name, the database and the data nodes credentials', () => {
    expect(parseRedisUrl('redis+sentinel://:s%40cret@10.0.0.1:26380,sentinel-b/mymaster/3')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26_380 },
        { host: 'sentinel-b', port: 26_379 },
      ],
      name: 'mymaster',
      db: 3,
      tls: false,
      username: undefined,
      password: 's@cret',
    });
    expect(parseRedisUrl('rediss+sentinel://[::1]:5000/m')).toMatchObject({ sentinels: [{ host: '::1', port: 5000 }], tls: true, db: 0 });
  });

  it('reads the seed nodes of a Cluster', () => {
    expect(parseRedisUrl('redis+cluster://a:7000,b:7001,c')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
        { host: 'c', port: 6379 },
      ],
      tls: false,
      username: undefined,
      password: undefined,
    });
  });

  it.each([
    ['redis+sentinel://a:1,b:2', /master name/],
    ['redis+cluster://a:1/0', /no path/],
    ['redis+cluster://a:99999', /port outside/],
    ['redis+cluster://a:x', /not a number/],
    ['redis+sentinel://a/m/x', /database/],
    ['redis+sentinel://a/m?sentinelPassword=x', /more than/],
    ['http://a', /not a redis/],
  ])('refuses %s without repeating it', (url, why) => {
    expect(() => parseRedisUrl(url)).toThrow(why);
  });
});

describe('clusterSlot', () => {
  it('hashes as Redis Cluster does (CLUSTER KEYSLOT), by the hash tag when there is one', () => {
    // Reference values from `redis-cli cluster keyslot`.
    expect(clusterSlot('foo')).toBe(12_182);
    expect(clusterSlot('123456789')).toBe(12_739);
    expect(clusterSlot('gw::flight:{abc}:lock')).toBe(clusterSlot('abc'));
    expect(clusterSlot('a{}b')).toBe(clusterSlot('a{}b'));
  });
});
