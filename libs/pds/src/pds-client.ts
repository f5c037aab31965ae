import type { Patient } from 'fhir/r4';

/**
 * Port for PDS FHIR R4. The HTTP adapter talks to the real service or the embedded sandbox;
 * callers see typed outcomes, never raw HTTP. A restricted record (R/V/REDACTED) is reported as
 * `restricted` with no demographics, so it cannot be disclosed onward by mistake.
 */
export interface PdsSearchQuery {
  family?: string;
  given?: string[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  /** FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) or a prefixed range, e.g. 'eq2010-10-22'. */
  birthdate?: string;
  postcode?: string;
  /** Fuzzy (phonetic) search; needs given+family+birthdate or the postcode combinations. */
  fuzzy?: boolean;
}

export type PdsReadOutcome =
  | { kind: 'found'; patient: Patient; deceased: boolean }
  | { kind: 'superseded'; newNhsNumber: string; patient?: Patient }
  | { kind: 'not-found' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'restricted' }
  | { kind: 'invalidated' }
  | PdsFailure;

export type PdsSearchOutcome =
  | { kind: 'matches'; patients: Patient[] }
  | { kind: 'none' }
  | { kind: 'too-many' }
  /** The single match is a restricted (R/V) record: nothing about it may be disclosed. */
  | { kind: 'restricted' }
  | { kind: 'invalid'; reason: string }
  | PdsFailure;

export type PdsFailure =
  { kind: 'rate-limited'; retryAfterMs?: number } | { kind: 'upstream-error'; status?: number; code?: string } | { kind: 'timeout' };

export interface PdsCallContext {
  /** Gateway request id; sent as X-Correlation-ID. */
  requestId: string;
  /** ODS code of the originating organisation (NHSD-End-User-Organisation-ODS), when known. */
  endUserOrgOds?: string;
}

export abstract class PdsClient {
  abstract read(nhsNumber: string, ctx: PdsCallContext): Promise<PdsReadOutcome>;
  abstract search(query: PdsSearchQuery, ctx: PdsCallContext): Promise<PdsSearchOutcome>;
}
