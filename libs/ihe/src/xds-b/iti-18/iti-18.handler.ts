import { Injectable } from '@nestjs/common';
import { IheTransaction, type SoapRequest } from '@gw/soap';
import { NS, XDSB_ACTIONS } from '../../xds';
import { Iti38Handler, type AdhocQueryCommand } from '../../xca/iti-38';

/**
 * ITI-18 Registry Stored Query (document registry of the trust's own affinity domain): the ITI-38
 * handler and its query service, under the XDS.b Actions, so every stored query XCA answers is
 * answered here the same way, with the same access policy, audit and metrics. The one difference
 * ITI TF-2a 3.18.4.1.2.3.8 makes: a registry consumer need not send `AdhocQuery/@home` (it echoes
 * it when an earlier answer carried one), so a query without it is read as addressed to us. A
 * `home` naming another community is still XDSUnknownCommunity.
 */
@IheTransaction({
  transaction: 'ITI-18',
  actions: [XDSB_ACTIONS.query],
  endpoint: 'iti18',
  service: 'DocumentRegistry',
  payload: { ns: NS.query, local: 'AdhocQueryRequest' },
  response: { ns: NS.query, local: 'AdhocQueryResponse' },
  responseActions: { [XDSB_ACTIONS.query]: XDSB_ACTIONS.queryResponse },
  operations: { [XDSB_ACTIONS.query]: 'DocumentRegistry_RegistryStoredQuery' },
})
@Injectable()
export class Iti18Handler extends Iti38Handler {
  protected override readonly responseAction: string = XDSB_ACTIONS.queryResponse;

  protected override command(req: SoapRequest): AdhocQueryCommand {
    const cmd = super.command(req);
    return cmd.home ? cmd : { ...cmd, home: this.ihe.HOME_COMMUNITY_ID };
  }
}
