import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Bundle, OperationOutcome, Patient } from 'fhir/r3';
import { GpConnectJwtService } from '@gw/auth';
import { requesterOdsCode } from '@gw/identity';
import {
  joinUrl,
  parseJson,
  upstreamCall,
  upstreamDispatcher,
  UpstreamNetworkError,
  UpstreamTimeoutError,
  type UpstreamResponse,
} from '@gw/upstream-http';
import { GpConnectClient, type GpConnectErrorCode, type StructuredRecordOutcome, type StructuredRecordRequest } from './gp-connect-client';
import { GpConnectConfig } from './gp-connect.config';
import { structuredRecordParameters } from './structured-record-parameters.util';

export const STRUCTURED_RECORD_INTERACTION = 'urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1';
const FHIR_JSON = 'application/fhir+json;charset=utf-8';
const SSP_SYSTEM = 'http://fhir.nhs.net/ValueSet/gpconnect-schedule-response-code-1-0';
const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

const KNOWN_CODES = new Set<GpConnectErrorCode>([
  'INVALID_NHS_NUMBER',
  'PATIENT_NOT_FOUND',
  'NO_PATIENT_CONSENT',
  'NO_RELATIONSHIP',
  'NO_ORGANISATION_CONSENT',
  'ACCESS_DENIED',
  'NO_RECORD_FOUND',
  'ORGANISATION_NOT_FOUND',
  'PRACTITIONER_NOT_FOUND',
  'CONFLICTING_VALUES',
  'DUPLICATE_REJECTED',
  'INVALID_RESOURCE',
  'INVALID_PARAMETER',
  'BAD_REQUEST',
  'INVALID_IDENTIFIER_SYSTEM',
  'INVALID_IDENTIFIER_VALUE',
  'INVALID_PATIENT_DEMOGRAPHICS',
  'REFERENCE_NOT_FOUND',
  'NOT_IMPLEMENTED',
  'INTERNAL_SERVER_ERROR',
]);

/**
 * Maps a GP Connect error body to a typed code by its Spine code (either the CodeSystem or the
 * older ValueSet URL), never by HTTP status alone. SSP refusals carry the HTTP status as the code
 * and their reason in display/diagnostics.
 */
export function mapGpConnectError(status: number, body: unknown): { code: GpConnectErrorCode; diagnostics?: string } {
  const oo = body as OperationOutcome | undefined;
  if (oo?.resourceType !== 'OperationOutcome') return { code: 'UNKNOWN', diagnostics: `HTTP ${status} without an OperationOutcome` };
  const issue = oo.issue?.[0];
  const coding = issue?.details?.coding?.[0];
  const diagnostics = issue?.diagnostics ?? coding?.display;
  // SSP refusals use the schedule-response ValueSet (or, for 405, a spine-operationoutcome system) with the status as code.
  if (coding?.system === SSP_SYSTEM || /^\d{3}$/.test(String(coding?.code ?? '')))
    return { code: 'SSP_ERROR', diagnostics: issue?.diagnostics ?? coding?.display };
  const raw = String(coding?.code ?? '')
    .trim()
    .toUpperCase()
    .replace(/\s+/g, '_');
  if (KNOWN_CODES.has(raw as GpConnectErrorCode)) return { code: raw as GpConnectErrorCode, diagnostics };
  return { code: 'UNKNOWN', diagnostics: diagnostics ?? (raw || undefined) };
}

/**
 * Where the operation is POSTed: {service root}/Patient/$gpc.getstructuredrecord, or through the
 * Spine Security Proxy as {SSP}/{full provider URL}/Patient/$gpc.getstructuredrecord. The SDS address
 * is used verbatim apart from its trailing '/'.
 */
export function structuredRecordUrl(serviceRoot: string, sspUrl?: string): string {
  const root = sspUrl ? joinUrl(sspUrl, serviceRoot) : serviceRoot;
  return joinUrl(root, 'Patient/$gpc.getstructuredrecord');
}

/**
 * GP Connect Access Record Structured 1.6 over HTTP: POST {service root}/Patient/$gpc.getstructuredrecord
 * (through the SSP when configured) with the SSP headers and an unsigned consumer JWT. A retry after
 * a 5xx or timeout uses a new Ssp-TraceID and a new JWT, so it is done here rather than by RetryAgent.
 */
@Injectable()
export class GpConnectHttpClient extends GpConnectClient implements OnApplicationShutdown {
  private readonly logger = new Logger(GpConnectHttpClient.name);
  private readonly dispatcher = upstreamDispatcher({ retries: 0 });

  constructor(
    private readonly cfg: GpConnectConfig,
    private readonly jwt: GpConnectJwtService,
  ) {
    super();
  }

  /** After the HTTP server has drained (not onModuleDestroy): a request still being answered keeps its connection pool. */
  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }

  /** Ssp-From: the originating organisation's own ASID when configured, else ours. */
  consumerAsid(req: StructuredRecordRequest): string {
    const ods = requesterOdsCode(req.requester);
    const mapped = ods && this.cfg.GP_CONNECT_CONSUMER_ASIDS.find((p) => p.split('=')[0].toUpperCase() === ods);
    return mapped ? mapped.split('=')[1] : this.cfg.GP_CONNECT_ASID;
  }

  async getStructuredRecord(req: StructuredRecordRequest): Promise<StructuredRecordOutcome> {
    const body = JSON.stringify(
      structuredRecordParameters(req.nhsNumber, this.cfg.GP_CONNECT_AREAS, this.cfg.GP_CONNECT_CONSULTATIONS_MOST_RECENT),
    );
    const url = structuredRecordUrl(req.endpoint.address, this.cfg.GP_CONNECT_SSP_URL);
    let outcome: StructuredRecordOutcome = { kind: 'timeout' };
    // One deadline for the call, retry included, so a retry never pushes past the caller's budget.
    const deadline = Date.now() + this.cfg.GP_CONNECT_TIMEOUT_MS;
    for (let attempt = 0; attempt <= this.cfg.GP_CONNECT_RETRIES; attempt++) {
      const remainingMs = deadline - Date.now();
      if (remainingMs < 100) break;
      const sspTraceId = randomUUID();
      const { token } = this.jwt.build(req.endpoint.address, req.requester);
      let res: UpstreamResponse | undefined;
      try {
        res = await upstreamCall({
          service: 'gp-connect',
          operation: 'getstructuredrecord',
          method: 'POST',
          url,
          headers: {
            accept: FHIR_JSON,
            'content-type': FHIR_JSON,
            'ssp-traceid': sspTraceId,
            'ssp-from': this.consumerAsid(req),
            'ssp-to': req.endpoint.asid,
            'ssp-interactionid': STRUCTURED_RECORD_INTERACTION,
            authorization: `Bearer ${token}`,
          },
          body,
          timeoutMs: remainingMs,
          maxBytes: this.cfg.GP_CONNECT_MAX_RESPONSE_BYTES,
          dispatcher: this.dispatcher,
        });
      } catch (e) {
        if (e instanceof UpstreamNetworkError && e.code === 'RESPONSE_TOO_LARGE') {
          this.logger.warn(
            `GP Connect record larger than GP_CONNECT_MAX_RESPONSE_BYTES (Ssp-TraceID ${sspTraceId}, request ${req.requestId})`,
          );
          return { kind: 'error', code: 'UNKNOWN', httpStatus: 0, diagnostics: 'RESPONSE_TOO_LARGE', sspTraceId };
        }
        const timeout = e instanceof UpstreamTimeoutError;
        const why = e instanceof UpstreamNetworkError ? `, ${e.code}` : '';
        this.logger.warn(`GP Connect ${timeout ? 'timed out' : 'unreachable'} (Ssp-TraceID ${sspTraceId}, request ${req.requestId}${why})`);
        outcome = timeout
          ? { kind: 'timeout', sspTraceId }
          : { kind: 'error', code: 'UNKNOWN', httpStatus: 0, diagnostics: (e as Error).message, sspTraceId };
        continue;
      }
      outcome = this.interpret(res, sspTraceId, req.nhsNumber);
      this.logger.log(`GP Connect answered ${res.status} (Ssp-TraceID ${sspTraceId}, request ${req.requestId})`);
      if (res.status < 500) return outcome;
    }
    return outcome;
  }

  private interpret(res: UpstreamResponse, sspTraceId: string, nhsNumber: string): StructuredRecordOutcome {
    const body = parseJson(res.text);
    if (res.status === 200) {
      const bundle = body as Bundle | undefined;
      if (bundle?.resourceType !== 'Bundle' || !Array.isArray(bundle.entry)) {
        return { kind: 'error', code: 'UNKNOWN', httpStatus: 200, diagnostics: 'GP Connect answered 200 without a Bundle', sspTraceId };
      }
      // A record for anyone but the requested patient is never passed on.
      const patients = bundle.entry.map((e) => e.resource).filter((r): r is Patient => r?.resourceType === 'Patient');
      const forRequested = patients.some((p) => p.identifier?.some((i) => i.system === NHS_NUMBER_SYSTEM && i.value === nhsNumber));
      if (patients.length !== 1 || !forRequested) {
        this.logger.warn(`GP Connect returned a record that is not for the requested patient (Ssp-TraceID ${sspTraceId})`);
        return {
          kind: 'error',
          code: 'UNKNOWN',
          httpStatus: 200,
          diagnostics: 'The returned record is not for the requested patient',
          sspTraceId,
        };
      }
      const warnings = bundle.entry.map((e) => e.resource).filter((r): r is OperationOutcome => r?.resourceType === 'OperationOutcome');
      return { kind: 'record', bundle, warnings, sspTraceId };
    }
    const { code, diagnostics } = mapGpConnectError(res.status, body);
    return { kind: 'error', code, httpStatus: res.status, diagnostics, sspTraceId };
  }
}
