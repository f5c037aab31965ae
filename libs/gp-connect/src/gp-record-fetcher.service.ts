import { Injectable, Logger } from '@nestjs/common';
import type { Bundle, OperationOutcome } from 'fhir/r3';
import type { Patient } from 'fhir/r4';
import { requesterOdsCode, type RequesterIdentity } from '@gw/identity';
import { isValidNhsNumber, normaliseNhsNumber } from '@gw/nhs-number';
import { PdsClient } from '@gw/pds';
import { SdsClient } from '@gw/sds';
import { GpConnectClient, type GpConnectErrorCode } from './gp-connect-client';

export type NhsService = 'pds' | 'sds' | 'gp-connect';

/**
 * Everything a GP record retrieval can end in. Patient-level refusals (restricted, invalidated,
 * not found) carry no demographics, so nothing about such a patient can leak onward.
 */
export type GpRecordOutcome =
  | {
      kind: 'record';
      bundle: Bundle;
      /** In-bundle OperationOutcome warnings (disabled or unrecognised areas). */
      warnings: OperationOutcome[];
      /** Registered practice from PDS generalPractitioner. */
      practiceOdsCode: string;
      /** The NHS number the record was fetched for (the replacement when the asked one was superseded). */
      nhsNumber: string;
      supersededFrom?: string;
      deceased: boolean;
      sspTraceId?: string;
    }
  | { kind: 'invalid-nhs-number' }
  | { kind: 'patient-not-found' }
  | { kind: 'restricted' }
  | { kind: 'invalidated' }
  /** PDS names no registered GP practice. */
  | { kind: 'no-registered-practice' }
  /** SDS has no GP Connect structured endpoint for the practice. */
  | { kind: 'practice-not-enabled'; practiceOdsCode: string }
  | { kind: 'gp-connect-error'; code: GpConnectErrorCode; httpStatus: number; diagnostics?: string; sspTraceId?: string }
  | { kind: 'rate-limited'; service: NhsService; retryAfterMs?: number }
  | { kind: 'upstream-error'; service: NhsService; status?: number; code?: string }
  | { kind: 'timeout'; service: NhsService };

function practiceOds(p: Patient): string | undefined {
  const gp =
    p.generalPractitioner?.find((r) => r.identifier?.system === 'https://fhir.nhs.uk/Id/ods-organization-code') ??
    p.generalPractitioner?.[0];
  return gp?.identifier?.value?.trim() || undefined;
}

/**
 * PDS read (registered practice) → SDS lookup (service root and ASID, cached) → GP Connect
 * structured record. The one entry point the XCA side needs to fetch a patient's GP record.
 */
@Injectable()
export class GpRecordFetcher {
  private readonly logger = new Logger(GpRecordFetcher.name);

  constructor(
    private readonly pds: PdsClient,
    private readonly sds: SdsClient,
    private readonly gpConnect: GpConnectClient,
  ) {}

  async fetch(nhsNumber: string, requester: RequesterIdentity, requestId: string): Promise<GpRecordOutcome> {
    const asked = normaliseNhsNumber(nhsNumber);
    if (!isValidNhsNumber(asked)) return { kind: 'invalid-nhs-number' };

    // PDS wants the originating organisation's ODS code when we serve several organisations.
    const read = await this.pds.read(asked, { requestId, endUserOrgOds: requesterOdsCode(requester) });
    let patient: Patient;
    let current = asked;
    let supersededFrom: string | undefined;
    switch (read.kind) {
      case 'found':
        patient = read.patient;
        break;
      case 'superseded':
        if (!read.patient) return { kind: 'upstream-error', service: 'pds', code: 'SUPERSEDED_WITHOUT_RECORD' };
        patient = read.patient;
        current = read.newNhsNumber;
        supersededFrom = asked;
        break;
      case 'invalid':
        return { kind: 'invalid-nhs-number' };
      case 'not-found':
        return { kind: 'patient-not-found' };
      case 'restricted':
        return { kind: 'restricted' };
      case 'invalidated':
        return { kind: 'invalidated' };
      case 'rate-limited':
        return { kind: 'rate-limited', service: 'pds', retryAfterMs: read.retryAfterMs };
      case 'timeout':
        return { kind: 'timeout', service: 'pds' };
      case 'upstream-error':
        return { kind: 'upstream-error', service: 'pds', status: read.status, code: read.code };
    }

    const ods = practiceOds(patient);
    if (!ods) return { kind: 'no-registered-practice' };

    const sds = await this.sds.lookupStructuredRecordEndpoint(ods, { requestId });
    if (sds.kind === 'not-found') return { kind: 'practice-not-enabled', practiceOdsCode: ods };
    if (sds.kind === 'timeout') return { kind: 'timeout', service: 'sds' };
    if (sds.kind === 'upstream-error') return { kind: 'upstream-error', service: 'sds', status: sds.status, code: sds.code };

    const gp = await this.gpConnect.getStructuredRecord({ nhsNumber: current, endpoint: sds.endpoint, requester, requestId });
    if (gp.kind === 'timeout') return { kind: 'timeout', service: 'gp-connect' };
    if (gp.kind === 'error') {
      this.logger.log(`GP record refused: ${gp.code} (${gp.httpStatus}) request ${requestId}`);
      return { kind: 'gp-connect-error', code: gp.code, httpStatus: gp.httpStatus, diagnostics: gp.diagnostics, sspTraceId: gp.sspTraceId };
    }
    return {
      kind: 'record',
      bundle: gp.bundle,
      warnings: gp.warnings,
      practiceOdsCode: ods,
      nhsNumber: current,
      supersededFrom,
      deceased: Boolean(patient.deceasedDateTime || patient.deceasedBoolean),
      sspTraceId: gp.sspTraceId,
    };
  }
}
