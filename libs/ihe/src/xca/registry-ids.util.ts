import { uuidToOid } from '@gw/hl7-datatypes';

/**
 * The SubmissionSet that published an entry has an entryUUID paired with the entry's: the entry's
 * UUID XOR a fixed mask. The pairing is its own inverse, so a query naming a SubmissionSet finds
 * its entry (and so its patient) with the lookups an entry already has, and nothing more is stored
 * per document. The mask leaves the version and variant bits alone, so the result is a UUID of the
 * same version. Its uniqueId is the 2.25 OID of that UUID, reversible the same way.
 */
const MASK = 'a3c1f2e4b5d6071829ab3c4d5e6f7081';

function hexOf(uuid: string): string | undefined {
  const hex = uuid
    .trim()
    .toLowerCase()
    .replace(/^urn:uuid:/, '')
    .replace(/-/g, '');
  return /^[0-9a-f]{32}$/.test(hex) ? hex : undefined;
}

function format(hex: string): string {
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The paired UUID (entry ↔ its SubmissionSet), or undefined for a value that is not a UUID. */
export function pairedUuid(uuid: string): string | undefined {
  const hex = hexOf(uuid);
  if (!hex) return undefined;
  let out = '';
  for (let i = 0; i < 32; i++) out += (parseInt(hex[i], 16) ^ parseInt(MASK[i], 16)).toString(16);
  return format(out);
}

export function submissionSetUniqueId(submissionSetUuid: string): string {
  return uuidToOid(submissionSetUuid);
}

/** The UUID behind a 2.25 OID, or undefined for any other OID. */
export function uuidOfOid(oid: string): string | undefined {
  const m = /^2\.25\.(\d{1,39})$/.exec(oid.trim());
  if (!m) return undefined;
  const n = BigInt(m[1]);
  if (n >= 1n << 128n) return undefined;
  return format(n.toString(16).padStart(32, '0'));
}
