import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@gw/audit';
import { IheTransaction, type IheHandler, type SoapReply, type SoapRequest } from '@gw/soap';
import { NS, responseStatus, statusLabel, XCA_ACTIONS, xcaResponses, xcaSeconds, describeErrorSafely } from '../xds';
import { IheConfig } from '../ihe.config';
import { PatientIdResolver } from '../patient-mapping/patient-id.resolver';
import { Iti39RetrieveService, type RetrieveResult } from './iti-39-retrieve.service';
import { parseRetrieveRequest } from './retrieve.request';
import { buildRetrieveResponse } from './retrieve.response';

/**
 * ITI-39 Cross Gateway Retrieve (responding gateway). Always answered as MTOM/XOP: each document is
 * a binary part holding exactly the bytes whose SHA-1 and size ITI-38 published. One audit record
 * per disclosed document, and one for the request when nothing was disclosed.
 */
@IheTransaction({
  transaction: 'ITI-39',
  actions: [XCA_ACTIONS.retrieve],
  endpoint: 'iti39',
  service: 'RespondingGateway',
  payload: { ns: NS.xdsb, local: 'RetrieveDocumentSetRequest' },
  responseActions: { [XCA_ACTIONS.retrieve]: XCA_ACTIONS.retrieveResponse },
  mtom: true,
})
@Injectable()
export class Iti39Handler implements IheHandler {
  private readonly logger = new Logger(Iti39Handler.name);

  constructor(
    private readonly service: Iti39RetrieveService,
    private readonly ihe: IheConfig,
    private readonly audit: AuditService,
    private readonly resolver: PatientIdResolver,
  ) {}

  async handle(req: SoapRequest): Promise<SoapReply> {
    const started = process.hrtime.bigint();
    const requests = parseRetrieveRequest(req.body, this.service.maxDocuments);
    let result: RetrieveResult;
    try {
      const asserted = req.identity.resourceId ? await this.resolver.resolveCx(req.identity.resourceId) : undefined;
      result = await this.service.retrieve(
        requests,
        { requester: req.identity, requestId: req.requestId },
        asserted?.kind === 'nhs-number' ? asserted.nhsNumber : undefined,
      );
    } catch (e) {
      // A business transaction answers with a registry error, never a fault or a stack trace.
      this.logger.error(`[${req.requestId}] ITI-39 internal error: ${describeErrorSafely(e)}`);
      result = { documents: [], errors: [{ code: 'XDSRepositoryError', context: `Internal error; reference ${req.requestId}.` }] };
    }
    const { documents, errors } = result;
    const bodyXml = buildRetrieveResponse(documents, errors, this.ihe.HOME_COMMUNITY_ID);

    const status = statusLabel(responseStatus(errors, documents.length));
    xcaResponses.inc({ transaction: 'ITI-39', status, error: errors[0]?.code ?? 'none' });
    xcaSeconds.observe({ transaction: 'ITI-39', status }, Number(process.hrtime.bigint() - started) / 1e9);
    for (const d of documents) {
      this.audit.record({
        transaction: 'ITI-39',
        requestId: req.requestId,
        outcome: 'success',
        requester: req.identity,
        nhsNumber: d.nhsNumber,
        detail: d.newDocumentUniqueId ? 'retrieve:on-demand' : 'retrieve',
        documentIds: [d.newDocumentUniqueId ?? d.documentUniqueId],
      });
    }
    if (errors.length) {
      this.audit.record({
        transaction: 'ITI-39',
        requestId: req.requestId,
        outcome: documents.length ? 'not-found' : errors.every((e) => e.code === 'XDSDocumentUniqueIdError') ? 'not-found' : 'query-error',
        requester: req.identity,
        detail: `retrieve:${status}:${[...new Set(errors.map((e) => e.code))].join(',')}`,
        documentIds: requests.map((r) => r.documentUniqueId ?? '').filter(Boolean),
      });
    }
    this.logger.log(
      `[${req.requestId}] ITI-39 ${requests.length} requested → ${status} (${documents.length} returned, ${errors.length} errors)`,
    );
    return {
      action: XCA_ACTIONS.retrieveResponse,
      bodyXml,
      attachments: documents.map((d) => ({ contentId: d.contentId, contentType: d.mimeType, data: d.bytes })),
    };
  }
}
