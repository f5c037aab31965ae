import { Injectable, Logger } from '@nestjs/common';
import { AuditService, type AuditOutcome } from '@gw/audit';
import { IheTransaction, type IheHandler, type SoapReply, type SoapRequest } from '@gw/soap';
import {
  buildAdhocQueryResponse,
  NS,
  RegistryErrorException,
  responseStatus,
  statusLabel,
  XCA_ACTIONS,
  xcaResponses,
  xcaSeconds,
  type ReturnType,
  describeErrorSafely,
} from '../xds';
import { IheConfig } from '../ihe.config';
import { parseAdhocQueryRequest } from './adhoc-query.request';
import { Iti38QueryService, type QueryOutcome } from './iti-38-query.service';
import { planStoredQuery } from './stored-query.plan';

/**
 * ITI-38 Cross Gateway Query (responding gateway). Every outcome is an AdhocQueryResponse:
 * request problems and upstream failures are RegistryErrors with `location` = our
 * homeCommunityId, never faults. Each query is audited.
 */
@IheTransaction({
  transaction: 'ITI-38',
  actions: [XCA_ACTIONS.query],
  endpoint: 'iti38',
  service: 'RespondingGateway',
  payload: { ns: NS.query, local: 'AdhocQueryRequest' },
  responseActions: { [XCA_ACTIONS.query]: XCA_ACTIONS.queryResponse },
})
@Injectable()
export class Iti38Handler implements IheHandler {
  private readonly logger = new Logger(Iti38Handler.name);

  constructor(
    private readonly service: Iti38QueryService,
    private readonly ihe: IheConfig,
    private readonly audit: AuditService,
  ) {}

  async handle(req: SoapRequest): Promise<SoapReply> {
    const started = process.hrtime.bigint();
    const ctx = { requester: req.identity, requestId: req.requestId };
    let returnType: ReturnType = 'LeafClass';
    let query = 'unparsed';
    let result: QueryOutcome;
    try {
      const cmd = parseAdhocQueryRequest(req.body, this.service.bounds);
      returnType = cmd.returnType;
      const plan = planStoredQuery(cmd, this.ihe.HOME_COMMUNITY_ID);
      query = plan.query;
      result = await this.service.execute(plan, ctx);
    } catch (e) {
      if (e instanceof RegistryErrorException) {
        result = { entries: [], errors: [e.entry], outcome: 'request-error' };
      } else {
        // A business transaction answers with a registry error, never a fault or a stack trace.
        this.logger.error(`[${req.requestId}] ITI-38 internal error: ${describeErrorSafely(e)}`);
        result = {
          entries: [],
          errors: [{ code: 'XDSRegistryError', context: `Internal error; reference ${req.requestId}.` }],
          outcome: 'internal-error',
        };
      }
    }
    const bodyXml = buildAdhocQueryResponse({ returnType, entries: result.entries, errors: result.errors }, this.ihe.HOME_COMMUNITY_ID);

    const status = statusLabel(responseStatus(result.errors, result.entries.length));
    const firstError = result.errors.find((e) => (e.severity ?? 'error') === 'error')?.code ?? 'none';
    xcaResponses.inc({ transaction: 'ITI-38', status, error: firstError });
    xcaSeconds.observe({ transaction: 'ITI-38', status }, Number(process.hrtime.bigint() - started) / 1e9);
    this.audit.record({
      transaction: 'ITI-38',
      requestId: req.requestId,
      outcome: auditOutcome(result),
      requester: req.identity,
      nhsNumber: result.nhsNumber,
      detail: `${query}:${result.outcome}${firstError !== 'none' ? `:${firstError}` : ''}`,
      documentIds: result.entries.map((e) => e.uniqueId),
    });
    this.logger.log(`[${req.requestId}] ITI-38 ${query} → ${status} (${result.entries.length} entries, ${result.outcome})`);
    return { action: XCA_ACTIONS.queryResponse, bodyXml };
  }
}

function auditOutcome(r: QueryOutcome): AuditOutcome {
  const code = r.errors.find((e) => (e.severity ?? 'error') === 'error')?.code;
  if (!code) return r.entries.length ? 'success' : 'not-found';
  // Answered as unknown to the caller, but recorded as what it was: a refusal by the access policy.
  if (code === 'XDSUnknownPatientId')
    return r.outcome === 'no-prior-match' || r.outcome === 'patient-id-not-owned' ? 'refused' : 'not-found';
  if (code === 'XDSRegistryError' || code === 'XDSRegistryBusy')
    return r.outcome === 'refused' || r.outcome === 'xua-resource-id-mismatch' ? 'refused' : 'error';
  return 'query-error';
}
