import type { GpRecordDocument } from './gp-record-document';

export type UpstreamSystem = 'pds' | 'sds' | 'gp-connect' | 'converter' | 'cache' | 'internal';

/**
 * What asking for a patient's GP record document can end in. Unknown, invalid, invalidated and
 * restricted patients share one outcome on purpose: nothing downstream can tell them apart.
 */
export type PatientDocumentOutcome =
  /** The current document's metadata; its bytes are read only by a retrieve. */
  | { kind: 'document'; document: GpRecordDocument; cache: 'hit' | 'miss' }
  | { kind: 'unknown-patient' }
  /** The GP system holds nothing it will share (not found, sensitive, deceased, not registered). No reason is given on. */
  | { kind: 'no-record' }
  /** The patient's practice does not offer GP Connect structured access (or PDS names none). */
  | { kind: 'practice-unavailable' }
  | { kind: 'refused'; reason: 'no-consent' | 'no-relationship' | 'access-denied' }
  | { kind: 'busy'; system: UpstreamSystem }
  | { kind: 'failed'; system: UpstreamSystem }
  /** The request deadline passed; the fetch carries on and fills the cache. */
  | { kind: 'deadline' };
