import { Injectable } from '@nestjs/common';
import { IheTransaction, type IheHandler, type SoapReply, type SoapRequest } from '@gw/soap';
import { IheConfig } from '../../ihe.config';
import { buildMcciIn000002 } from '../../hl7v3/mcci-in000002.builder';
import { parsePatientDiscoveryQuery } from '../../hl7v3/pdq-query.parser';
import { MCCI_ACTION, PatientDiscoveryHandlerBase } from '../patient-discovery.handler-base';
import { PatientDiscoveryService } from '../patient-discovery.service';
import { stripUrnOid } from '@gw/hl7-datatypes';

export const ITI47_ACTION = 'urn:hl7-org:v3:PRPA_IN201305UV02';
export const ITI47_RESPONSE_ACTION = 'urn:hl7-org:v3:PRPA_IN201306UV02';
export const ITI47_CONTINUE_ACTION = 'urn:hl7-org:v3:QUQI_IN000003UV01_Continue';
export const ITI47_CANCEL_ACTION = 'urn:hl7-org:v3:QUQI_IN000003UV01_Cancel';

const QUQI = { ns: 'urn:hl7-org:v3', local: 'QUQI_IN000003UV01' };
const MCCI = { ns: 'urn:hl7-org:v3', local: 'MCCI_IN000002UV01' };

/**
 * ITI-47 Patient Demographics Query HL7 v3 (PDQ Supplier), answered from PDS.
 *
 * Every query response is complete (PDS application-restricted search yields at most one record,
 * so resultRemainingQuantity is always 0): no result set is kept. A cancel is therefore simply
 * acknowledged (MCCI AA), and a continuation is answered MCCI AE, there being nothing to continue.
 */
@IheTransaction({
  transaction: 'ITI-47',
  actions: [ITI47_ACTION, ITI47_CONTINUE_ACTION, ITI47_CANCEL_ACTION],
  endpoint: 'iti47',
  service: 'PDQSupplier',
  payload: { ns: 'urn:hl7-org:v3', local: 'PRPA_IN201305UV02' },
  payloadByAction: { [ITI47_CONTINUE_ACTION]: QUQI, [ITI47_CANCEL_ACTION]: QUQI },
  response: { ns: 'urn:hl7-org:v3', local: 'PRPA_IN201306UV02' },
  // IHE's WSDL answers a continuation with PRPA_IN201306UV02; this supplier never leaves results to
  // continue, so it answers both QUQI messages with an application acknowledgement, and says so.
  responseByAction: { [ITI47_CONTINUE_ACTION]: MCCI, [ITI47_CANCEL_ACTION]: MCCI },
  responseActions: { [ITI47_ACTION]: ITI47_RESPONSE_ACTION, [ITI47_CONTINUE_ACTION]: MCCI_ACTION, [ITI47_CANCEL_ACTION]: MCCI_ACTION },
  operations: {
    [ITI47_ACTION]: 'PDQSupplier_PRPA_IN201305UV02',
    [ITI47_CONTINUE_ACTION]: 'PDQSupplier_QUQI_IN000003UV01_Continue',
    [ITI47_CANCEL_ACTION]: 'PDQSupplier_QUQI_IN000003UV01_Cancel',
  },
})
@Injectable()
export class Iti47Handler extends PatientDiscoveryHandlerBase implements IheHandler {
  protected readonly mode = 'PDQ' as const;
  protected readonly responseAction = ITI47_RESPONSE_ACTION;

  constructor(discovery: PatientDiscoveryService, cfg: IheConfig) {
    super(discovery, cfg);
  }

  async handle(req: SoapRequest): Promise<SoapReply> {
    if (req.action !== ITI47_CONTINUE_ACTION && req.action !== ITI47_CANCEL_ACTION) return this.answer(req);
    const msg = parsePatientDiscoveryQuery(req.body);
    const cancel = req.action === ITI47_CANCEL_ACTION;
    const identity = { deviceOid: this.cfg.HL7_DEVICE_OID, homeCommunityOid: stripUrnOid(this.cfg.HOME_COMMUNITY_ID) };
    return {
      action: MCCI_ACTION,
      report: {
        status: cancel ? 'AA' : 'AE',
        summary: cancel ? 'cancel' : 'continue: nothing remains',
        audit: [{ outcome: cancel ? 'success' : 'query-error', detail: cancel ? 'cancel' : 'continue:nothing-remains' }],
      },
      bodyXml: cancel
        ? buildMcciIn000002(msg, 'AA', identity)
        : buildMcciIn000002(msg, 'AE', identity, {
            text: 'No results remain for this query: every response from this supplier is complete (resultRemainingQuantity 0)',
          }),
    };
  }
}
