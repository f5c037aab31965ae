import { Injectable } from '@nestjs/common';
import { IheTransaction, type SoapRequest } from '@gw/soap';
import { NS, XDSB_ACTIONS } from '../../xds';
import { Iti39Handler, type DocumentRequest } from '../../xca/iti-39';

/**
 * ITI-43 Retrieve Document Set (document repository of the trust's own affinity domain): the ITI-39
 * handler and its retrieve service, under the XDS.b Actions, always MTOM, with the same checks per
 * DocumentRequest (repository ours, document held, access policy, PDS status), audit and metrics.
 * The one difference: in ITI-43 `HomeCommunityId` is optional (ITI TF-2b 3.43.4.1.2), so a
 * DocumentRequest without it is read as addressed to us; one naming another community is still
 * XDSUnknownCommunity.
 */
@IheTransaction({
  transaction: 'ITI-43',
  actions: [XDSB_ACTIONS.retrieve],
  endpoint: 'iti43',
  service: 'DocumentRepository',
  payload: { ns: NS.xdsb, local: 'RetrieveDocumentSetRequest' },
  response: { ns: NS.xdsb, local: 'RetrieveDocumentSetResponse' },
  responseActions: { [XDSB_ACTIONS.retrieve]: XDSB_ACTIONS.retrieveResponse },
  operations: { [XDSB_ACTIONS.retrieve]: 'DocumentRepository_RetrieveDocumentSet' },
  mtom: true,
})
@Injectable()
export class Iti43Handler extends Iti39Handler {
  protected override readonly responseAction: string = XDSB_ACTIONS.retrieveResponse;

  protected override requests(req: SoapRequest): DocumentRequest[] {
    return super.requests(req).map((r) => (r.homeCommunityId ? r : { ...r, homeCommunityId: this.ihe.HOME_COMMUNITY_ID }));
  }
}
