import { Injectable } from '@nestjs/common';
import { IheTransaction, type IheHandler, type SoapReply, type SoapRequest, type TransactionAudit } from '@gw/soap';
import { NS, responseStatus, statusLabel, XCA_ACTIONS } from '../../xds';
import { IheConfig } from '../../ihe.config';
import { Iti39RetrieveService, type RetrieveResult } from './iti-39-retrieve.service';
import { parseRetrieveRequest, type DocumentRequest } from './retrieve.request';
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
  response: { ns: NS.xdsb, local: 'RetrieveDocumentSetResponse' },
  responseActions: { [XCA_ACTIONS.retrieve]: XCA_ACTIONS.retrieveResponse },
  operations: { [XCA_ACTIONS.retrieve]: 'RespondingGateway_CrossGatewayRetrieve' },
  mtom: true,
})
@Injectable()
export class Iti39Handler implements IheHandler {
  /** The Action of every answer; the XDS.b repository (ITI-43) answers the same retrieve under its own. */
  protected readonly responseAction: string = XCA_ACTIONS.retrieveResponse;

  constructor(
    private readonly service: Iti39RetrieveService,
    protected readonly ihe: IheConfig,
  ) {}

  async handle(req: SoapRequest): Promise<SoapReply> {
    const requests = this.requests(req);
    const result = await this.service.retrieve(requests, { requester: req.identity, requestId: req.requestId });
    return this.reply(requests, result);
  }

  /** A business transaction answers an unexpected error with a registry error, never a fault or a stack trace. */
  internalError(req: SoapRequest): SoapReply {
    return this.reply(this.requests(req), {
      documents: [],
      errors: [{ code: 'XDSRepositoryError', context: `Internal error; reference ${req.requestId}.` }],
    });
  }

  /** The DocumentRequests as the retrieve rules see them; ITI-43 supplies our homeCommunityId where one has none. */
  protected requests(req: SoapRequest): DocumentRequest[] {
    return parseRetrieveRequest(req.body, this.service.maxDocuments);
  }

  private reply(requests: readonly DocumentRequest[], { documents, errors }: RetrieveResult): SoapReply {
    const bodyXml = buildRetrieveResponse(documents, errors, this.ihe.HOME_COMMUNITY_ID);
    const status = statusLabel(responseStatus(errors, documents.length));
    const audit: TransactionAudit[] = documents.map((d) => ({
      outcome: 'success',
      nhsNumber: d.nhsNumber,
      detail: d.newDocumentUniqueId ? 'retrieve:on-demand' : 'retrieve',
      documentIds: [d.newDocumentUniqueId ?? d.documentUniqueId],
    }));
    if (errors.length) {
      audit.push({
        outcome: documents.length ? 'not-found' : errors.every((e) => e.code === 'XDSDocumentUniqueIdError') ? 'not-found' : 'query-error',
        detail: `retrieve:${status}:${[...new Set(errors.map((e) => e.code))].join(',')}`,
        documentIds: requests.map((r) => r.documentUniqueId ?? '').filter(Boolean),
      });
    }
    return {
      action: this.responseAction,
      bodyXml,
      attachments: documents.map((d) => ({ contentId: d.contentId, contentType: d.mimeType, data: d.bytes })),
      report: {
        status,
        error: errors[0]?.code ?? 'none',
        summary: `(${requests.length} requested, ${documents.length} returned, ${errors.length} errors)`,
        audit,
      },
    };
  }
}
