import { Injectable } from '@nestjs/common';
import type { AuditOutcome } from '@gw/audit';
import { IheTransaction, type IheHandler, type SoapReply, type SoapRequest } from '@gw/soap';
import {
  buildAdhocQueryResponse,
  NS,
  objectCount,
  RegistryErrorException,
  responseStatus,
  statusLabel,
  XCA_ACTIONS,
  type RegistryErrorEntry,
  type ReturnType,
} from '../../xds';
import { IheConfig } from '../../ihe.config';
import { parseAdhocQueryRequest, type AdhocQueryCommand } from './adhoc-query.request';
import { Iti38QueryService, type QueryOutcome } from './iti-38-query.service';
import { planStoredQuery } from './stored-query.plan';

/**
 * ITI-38 Cross Gateway Query (responding gateway). Every outcome is an AdhocQueryResponse:
 * request problems and upstream failures are RegistryErrors with `location` = our
 * homeCommunityId, never faults. Each query is audited (by the dispatcher, from the report).
 */
@IheTransaction({
  transaction: 'ITI-38',
  actions: [XCA_ACTIONS.query],
  endpoint: 'iti38',
  service: 'RespondingGateway',
  payload: { ns: NS.query, local: 'AdhocQueryRequest' },
  response: { ns: NS.query, local: 'AdhocQueryResponse' },
  responseActions: { [XCA_ACTIONS.query]: XCA_ACTIONS.queryResponse },
  operations: { [XCA_ACTIONS.query]: 'RespondingGateway_CrossGatewayQuery' },
})
@Injectable()
export class Iti38Handler implements IheHandler {
  /** The Action of every answer; the XDS.b registry (ITI-18) answers the same queries under its own. */
  protected readonly responseAction: string = XCA_ACTIONS.queryResponse;

  constructor(
    private readonly service: Iti38QueryService,
    protected readonly ihe: IheConfig,
  ) {}

  async handle(req: SoapRequest): Promise<SoapReply> {
    const ctx = { requester: req.identity, requestId: req.requestId };
    let returnType: ReturnType = 'LeafClass';
    let query = 'unparsed';
    let result: QueryOutcome;
    try {
      const cmd = this.command(req);
      returnType = cmd.returnType;
      const plan = planStoredQuery(cmd, this.ihe.HOME_COMMUNITY_ID);
      query = plan.query;
      result = await this.service.execute(plan, ctx);
    } catch (e) {
      if (!(e instanceof RegistryErrorException)) throw e;
      result = { entries: [], errors: [e.entry], outcome: 'request-error', audit: requestErrorAudit(e.entry) };
    }
    return this.reply(returnType, query, result);
  }

  /** A business transaction answers an unexpected error with a registry error, never a fault or a stack trace. */
  internalError(req: SoapRequest): SoapReply {
    const errors: RegistryErrorEntry[] = [{ code: 'XDSRegistryError', context: `Internal error; reference ${req.requestId}.` }];
    return this.reply('LeafClass', this.queryName(req), { entries: [], errors, outcome: 'internal-error', audit: 'error' });
  }

  /** The request as the stored-query rules see it; ITI-18 supplies our homeCommunityId where the query has none. */
  protected command(req: SoapRequest): AdhocQueryCommand {
    return parseAdhocQueryRequest(req.body, this.service.bounds);
  }

  /** The stored query's name for the log and audit (a request that failed is read again; it is bounded). */
  private queryName(req: SoapRequest): string {
    try {
      return planStoredQuery(this.command(req), this.ihe.HOME_COMMUNITY_ID).query;
    } catch {
      return 'unparsed';
    }
  }

  private reply(returnType: ReturnType, query: string, result: QueryOutcome): SoapReply {
    const bodyXml = buildAdhocQueryResponse({ returnType, ...result }, this.ihe.HOME_COMMUNITY_ID);
    const returned = objectCount(result);
    const status = statusLabel(responseStatus(result.errors, returned));
    const firstError = result.errors.find((e) => (e.severity ?? 'error') === 'error')?.code ?? 'none';
    return {
      action: this.responseAction,
      bodyXml,
      report: {
        status,
        error: firstError,
        summary: `${query} (${returned} objects, ${result.entries.length} entries, ${result.outcome})`,
        audit: [
          {
            outcome: result.audit,
            nhsNumber: result.nhsNumber,
            detail: `${query}:${result.outcome}${firstError !== 'none' ? `:${firstError}` : ''}`,
            documentIds: result.entries.map((e) => e.uniqueId),
          },
        ],
      },
    };
  }
}

/** A request the stored-query rules refuse: an unknown patient is not found, a malformed query is the caller's error. */
function requestErrorAudit(e: RegistryErrorEntry): AuditOutcome {
  if (e.code === 'XDSUnknownPatientId') return 'not-found';
  return e.code === 'XDSRegistryError' || e.code === 'XDSRegistryBusy' ? 'error' : 'query-error';
}
