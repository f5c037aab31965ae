import type { RequesterIdentity } from '@gw/identity';

export type AuditOutcome = 'success' | 'not-found' | 'refused' | 'query-error' | 'error';

/** What a handler reports. `nhsNumber` is pseudonymised before anything is recorded or logged. */
export interface AuditEvent {
  /** e.g. 'ITI-47', 'ITI-55', 'ITI-38', 'ITI-39', 'ADMIN'. */
  transaction: string;
  /** Gateway request id (correlates with logs). */
  requestId: string;
  outcome: AuditOutcome;
  requester: RequesterIdentity;
  /** The patient concerned, when known; never stored in clear. */
  nhsNumber?: string;
  /** Short machine-readable detail without patient data (e.g. 'pds:restricted', 'ack:AE'). */
  detail?: string;
  /** Document ids disclosed (ITI-39), when any. */
  documentIds?: string[];
}

/** What is recorded: the event with the NHS number replaced by its keyed pseudonym. */
export interface AuditRecord {
  /** Stable id (UUID), made once when recorded: a record delivered twice (at-least-once) carries it both times. */
  id: string;
  at: string;
  transaction: string;
  requestId: string;
  outcome: AuditOutcome;
  requester: {
    subjectId?: string;
    organization?: string;
    organizationId?: string;
    homeCommunityId?: string;
    role?: string;
    purposeOfUse?: string;
    /** The partner profile the request was matched to, when partner profiles are on. */
    partner?: string;
    source: RequesterIdentity['source'];
  };
  patientPseudonym?: string;
  detail?: string;
  documentIds?: string[];
}
