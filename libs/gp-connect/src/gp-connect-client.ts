import type { Bundle, OperationOutcome } from 'fhir/r3';
import type { RequesterIdentity } from '@gw/auth';
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
  | 'ACCESS_DENIED'
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

export type StructuredRecordOutcome =
  | { kind: 'record'; bundle: Bundle; warnings: OperationOutcome[] }
  | { kind: 'error'; code: GpConnectErrorCode; httpStatus: number; diagnostics?: string }
  | { kind: 'timeout' };

export interface StructuredRecordRequest {
  nhsNumber: string;
  endpoint: GpConnectEndpoint;
  requester: RequesterIdentity;
  requestId: string;
}

export abstract class GpConnectClient {
  abstract getStructuredRecord(req: StructuredRecordRequest): Promise<StructuredRecordOutcome>;
}
