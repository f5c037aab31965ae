import type { AuditOutcome, AuditRecord } from '../audit-event';

/** A coded value as DICOM PS3.15 A.5 writes it: csd-code, codeSystemName, originalText. */
export interface Coded {
  code: string;
  system: string;
  display: string;
}

const dcm = (code: string, display: string): Coded => ({ code, system: 'DCM', display });
const iti = (code: string, display: string): Coded => ({ code, system: 'IHE Transactions', display });

/** What kind of event each transaction is (DICOM PS3.15 A.5.3, IHE ITI TF-2 audit tables) and its action code. */
interface EventKind {
  eventId: Coded;
  /** C create, R read, U update, D delete, E execute. */
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  type?: Coded;
}

const KINDS: Record<string, EventKind> = {
  'ITI-47': { eventId: dcm('110112', 'Query'), action: 'E', type: iti('ITI-47', 'Patient Demographics Query') },
  'ITI-55': { eventId: dcm('110112', 'Query'), action: 'E', type: iti('ITI-55', 'Cross Gateway Patient Discovery') },
  'ITI-38': { eventId: dcm('110112', 'Query'), action: 'E', type: iti('ITI-38', 'Cross Gateway Query') },
  'ITI-39': { eventId: dcm('110106', 'Export'), action: 'R', type: iti('ITI-39', 'Cross Gateway Retrieve') },
  ADMIN: { eventId: dcm('110110', 'Patient Record'), action: 'R' },
};

/** A refusal or fault at the SOAP edge, before any transaction ran: a security alert. */
const EDGE: EventKind = { eventId: dcm('110113', 'Security Alert'), action: 'E' };

export function eventKind(rec: AuditRecord): EventKind {
  return KINDS[rec.transaction] ?? EDGE;
}

/** EventOutcomeIndicator: 0 success, 4 minor failure, 8 serious failure, 12 major failure. */
export function outcomeIndicator(outcome: AuditOutcome): 0 | 4 | 8 | 12 {
  switch (outcome) {
    case 'success':
      return 0;
    case 'not-found':
    case 'query-error':
      return 4;
    case 'refused':
      return 8;
    default:
      return 12;
  }
}

export const ROLE_SOURCE = dcm('110153', 'Source Role ID');
export const ROLE_DESTINATION = dcm('110152', 'Destination Role ID');
export const PATIENT_NUMBER: Coded = { code: '2', system: 'RFC-3881', display: 'Patient Number' };
export const REPORT_NUMBER: Coded = { code: '9', system: 'RFC-3881', display: 'Report Number' };
