import { nameBasedUuid, sha1Hex } from './xds-format.util';

describe('XDS formats', () => {
  it('name-based UUIDs are stable, version 5 and variant 10xx', () => {
    const a = nameBasedUuid('urn:uuid:x', 'scheme');
    expect(a).toBe(nameBasedUuid('urn:uuid:x', 'scheme'));
    expect(a).not.toBe(nameBasedUuid('urn:uuid:x', 'other'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('SHA-1 of the empty input is the well-known value', () => {
    expect(sha1Hex(Buffer.alloc(0))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
  });
});
