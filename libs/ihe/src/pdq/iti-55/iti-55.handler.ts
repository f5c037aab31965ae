import { Injectable } from '@nestjs/common';
import { IheTransaction, SoapFault, type IheHandler, type SoapReply, type SoapRequest } from '@gw/soap';
import { stripUrnOid } from '@gw/hl7-datatypes';
import { IheConfig } from '../../ihe.config';
import { MCCI_ACTION, PatientDiscoveryHandlerBase } from '../patient-discovery.handler-base';
import { PatientDiscoveryService } from '../patient-discovery.service';
import { buildMcciIn000002 } from '../../hl7v3/mcci-in000002.builder';
import { parsePatientDiscoveryQuery, type PatientDiscoveryQuery } from '../../hl7v3/pdq-query.parser';
import { XcpdDeferredService } from './deferred/xcpd-deferred.service';

export const ITI55_ACTION = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
export const ITI55_DEFERRED_ACTION = 'urn:hl7-org:v3:PRPA_IN201305UV02:Deferred:CrossGatewayPatientDiscovery';
export const ITI55_RESPONSE_ACTION = 'urn:hl7-org:v3:PRPA_IN201306UV02:CrossGatewayPatientDiscovery';

/**
 * ITI-55 Cross Gateway Patient Discovery (Responding Gateway), answered from PDS. A deferred request
 * (the Deferred Action, or responsePriorityCode D) is acknowledged at once with MCCI_IN000002UV01 and
 * answered later, to its respondTo address, by `XcpdDeferredService`; with no allowed addresses
 * configured it is refused with the MCCI NAK NS250 (IPF's convention), never answered synchronously.
 */
@IheTransaction({
  transaction: 'ITI-55',
  actions: [ITI55_ACTION, ITI55_DEFERRED_ACTION],
  endpoint: 'iti55',
  service: 'RespondingGateway',
  payload: { ns: 'urn:hl7-org:v3', local: 'PRPA_IN201305UV02' },
  response: { ns: 'urn:hl7-org:v3', local: 'PRPA_IN201306UV02' },
  responseByAction: { [ITI55_DEFERRED_ACTION]: { ns: 'urn:hl7-org:v3', local: 'MCCI_IN000002UV01' } },
  responseActions: { [ITI55_ACTION]: ITI55_RESPONSE_ACTION, [ITI55_DEFERRED_ACTION]: MCCI_ACTION },
  operations: {
    [ITI55_ACTION]: 'RespondingGateway_PRPA_IN201305UV02',
    [ITI55_DEFERRED_ACTION]: 'RespondingGateway_Deferred_PRPA_IN201305UV02',
  },
})
@Injectable()
export class Iti55Handler extends PatientDiscoveryHandlerBase implements IheHandler {
  protected readonly mode = 'XCPD' as const;
  protected readonly responseAction = ITI55_RESPONSE_ACTION;

  constructor(
    discovery: PatientDiscoveryService,
    cfg: IheConfig,
    private readonly deferred: XcpdDeferredService,
  ) {
    super(discovery, cfg);
  }

  async handle(req: SoapRequest): Promise<SoapReply> {
    const query = parsePatientDiscoveryQuery(req.body);
    const deferred = req.action === ITI55_DEFERRED_ACTION || query.responsePriorityCode?.toUpperCase() === 'D';
    if (!deferred) return this.answer(req, query);
    return this.acceptDeferred(req, query);
  }

  /**
   * Checks, in order: a query to answer (AR SYN105), deferred mode on (AE NS250), a respondTo address
   * (AE SYN105), that address allowed (Sender fault: nothing is looked up for an address nobody
   * allowed), room in the queue (Receiver fault, retry later). Then AA, and the answer follows.
   */
  private acceptDeferred(req: SoapRequest, query: PatientDiscoveryQuery): SoapReply {
    if (!query.queryByParameter) return this.reject(query);
    if (!this.deferred.enabled) {
      return this.ack(query, 'AE', 'NS250', 'Deferred mode is not supported by this responding gateway; send responsePriorityCode I');
    }
    if (!query.respondTo) {
      return this.ack(query, 'AE', 'SYN105', 'A deferred request needs respondTo/telecom/@value, the address for the deferred response');
    }
    if (!this.deferred.allows(query.respondTo, req.identity)) {
      throw SoapFault.sender('The respondTo address of this deferred request is not an address this gateway may send answers to');
    }
    const accepted = this.deferred.accept({
      request: req,
      address: query.respondTo,
      handler: { handle: () => this.answer(req, query) },
    });
    if (!accepted) throw SoapFault.receiver('Too many deferred requests are waiting; retry later, or send responsePriorityCode I');
    return this.ack(query, 'AA', undefined, undefined);
  }

  private ack(query: PatientDiscoveryQuery, code: 'AA' | 'AE', detail: string | undefined, text: string | undefined): SoapReply {
    const identity = { deviceOid: this.cfg.HL7_DEVICE_OID, homeCommunityOid: stripUrnOid(this.cfg.HOME_COMMUNITY_ID) };
    return {
      action: MCCI_ACTION,
      report: {
        status: code,
        error: detail,
        summary: code === 'AA' ? '(deferred: accepted)' : undefined,
        audit: [{ outcome: code === 'AA' ? 'success' : 'refused', detail: code === 'AA' ? 'deferred:accepted' : `deferred:${detail}` }],
      },
      bodyXml: buildMcciIn000002(query, code, identity, detail && text ? { code: detail, text } : undefined),
    };
  }
}
