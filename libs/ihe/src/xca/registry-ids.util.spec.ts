import { pairedUuid, submissionSetUniqueId, uuidOfOid } from './registry-ids.util';

describe('SubmissionSet ids paired with their entry', () => {
  const entry = 'urn:uuid:c7a42152-af62-4ea2-8d44-da24e215ac8e';

  it('pairing is its own inverse, keeps the UUID version and variant, and differs from the entry', () => {
    const set = pairedUuid(entry)!;
    expect(set).not.toBe(entry);
    expect(set).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pairedUuid(set)).toBe(entry);
    expect(pairedUuid(entry.toUpperCase().replace('URN:UUID:', ''))).toBe(set);
  });

  it('the uniqueId is the 2.25 OID of the SubmissionSet UUID and leads back to it', () => {
    const set = pairedUuid(entry)!;
    const oid = submissionSetUniqueId(set);
    expect(oid).toMatch(/^2\.25\.\d+$/);
    expect(uuidOfOid(oid)).toBe(set);
  });

  it.each(['not-a-uuid', 'urn:uuid:x', ''])('%p is no UUID', (v) => expect(pairedUuid(v)).toBeUndefined());
  it.each(['1.2.3', '2.25.', '2.25.1x', `2.25.${(1n << 128n).toString()}`])('%p is no 2.25 UUID OID', (v) =>
    expect(uuidOfOid(v)).toBeUndefined(),
  );
});
