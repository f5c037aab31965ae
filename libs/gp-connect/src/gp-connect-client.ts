import type { Bundle, OperationOutcome } from 'fhir/r3';
import type { RequesterIdentity } from '@gw/identity';
import type { GpConnectEndpoint } from '@gw/sds';

/**
 * Port for GP Connect Access Record Structured 1.6 ($gpc.getstructuredrecord).
 * Every GP Connect error code maps to a typed failure; OperationOutcome warnings inside a
 * successful bundle are kept on the outcome.
 */
export type GpConnectErrorCode =
  | 'INVALID_NHS_NUMBER'
  | 'PATIENT_NOT_FOUND'
  | 'NO_PATIENT_CONSENT'
  | 'NO_RELATIONSHIP'
  | 'NO_ORGANISATION_CONSENT'
  /** Spine spells it 'ACCESS DENIED' (with a space); mapped here without it. */
  | 'ACCESS_DENIED'
  | 'NO_RECORD_FOUND'
  | 'ORGANISATION_NOT_FOUND'
  | 'PRACTITIONER_NOT_FOUND'
  | 'CONFLICTING_VALUES'
  | 'DUPLICATE_REJECTED'
  /** Refused by the Spine Security Proxy (ASID/party key checks, target URL, media type); diagnostics carry its text. */
  | 'SSP_ERROR'
  | 'INVALID_RESOURCE'
  | 'INVALID_PARAMETER'
  | 'BAD_REQUEST'
  | 'INVALID_IDENTIFIER_SYSTEM'
  | 'INVALID_IDENTIFIER_VALUE'
  | 'INVALID_PATIENT_DEMOGRAPHICS'
  | 'REFERENCE_NOT_FOUND'
  | 'NOT_IMPLEMENTED'
  | 'INTERNAL_SERVER_ERROR'
  | 'UNKNOWN';

/** Ssp-TraceID of the (last) attempt, for the audit trail. */
export type StructuredRecordOutcome =
  | { kind: 'record'; bundle: Bundle; warnings: OperationOutcome[]; sspTraceId?: string }
  | { kind: 'error'; code: GpConnectErrorCode; httpStatus: number; diagnostics?: string; sspTraceId?: string }
  | { kind: 'timeout'; sspTraceId?: string };

export interface StructuredRecordRequest {
  nhsNumber: string;
  endpoint: GpConnectEndpoint;
  requester: RequesterIdentity;
  requestId: string;
}

export abstract class GpConnectClient {
  abstract getStructuredRecord(req: StructuredRecordRequest): Promise<StructuredRecordOutcome>;
}
