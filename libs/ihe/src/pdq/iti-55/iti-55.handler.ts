import { Injectable } from '@nestjs/common';
import { IheTransaction, type IheHandler, type SoapReply, type SoapRequest } from '@gw/soap';
import { IheConfig } from '../../ihe.config';
import { MCCI_ACTION, PatientDiscoveryHandlerBase } from '../patient-discovery.handler-base';
import { PatientDiscoveryService } from '../patient-discovery.service';
import { buildMcciIn000002 } from '../../hl7v3/mcci-in000002.builder';
import { parsePatientDiscoveryQuery } from '../../hl7v3/pdq-query.parser';
import { stripUrnOid } from '@gw/hl7-datatypes';

export const ITI55_ACTION = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
export const ITI55_DEFERRED_ACTION = 'urn:hl7-org:v3:PRPA_IN201305UV02:Deferred:CrossGatewayPatientDiscovery';
export const ITI55_RESPONSE_ACTION = 'urn:hl7-org:v3:PRPA_IN201306UV02:CrossGatewayPatientDiscovery';

/**
 * ITI-55 Cross Gateway Patient Discovery (Responding Gateway), answered from PDS. Immediate mode
 * only: a deferred request (by Action or responsePriorityCode D) is acknowledged with an MCCI NAK
 * NS250, the convention IPF uses, rather than silently answered synchronously.
 */
@IheTransaction({
  transaction: 'ITI-55',
  actions: [ITI55_ACTION, ITI55_DEFERRED_ACTION],
  endpoint: 'iti55',
  service: 'RespondingGateway',
  payload: { ns: 'urn:hl7-org:v3', local: 'PRPA_IN201305UV02' },
})
@Injectable()
export class Iti55Handler extends PatientDiscoveryHandlerBase implements IheHandler {
  protected readonly mode = 'XCPD' as const;
  protected readonly responseAction = ITI55_RESPONSE_ACTION;

  constructor(discovery: PatientDiscoveryService, cfg: IheConfig) {
    super(discovery, cfg);
  }

  async handle(req: SoapRequest): Promise<SoapReply> {
    const query = parsePatientDiscoveryQuery(req.body);
    const deferred = req.action === ITI55_DEFERRED_ACTION || query.responsePriorityCode?.toUpperCase() === 'D';
    if (!deferred) return this.answer(req, query);
    return {
      action: MCCI_ACTION,
      report: { status: 'AE', error: 'NS250', audit: [{ outcome: 'refused', detail: 'deferred-mode-not-supported' }] },
      bodyXml: buildMcciIn000002(
        query,
        'AE',
        { deviceOid: this.cfg.HL7_DEVICE_OID, homeCommunityOid: stripUrnOid(this.cfg.HOME_COMMUNITY_ID) },
        {
          code: 'NS250',
          text: 'Deferred mode is not supported by this responding gateway; send responsePriorityCode I',
        },
      ),
    };
  }
}
