import { Injectable } from '@nestjs/common';
import { AuditService } from '@gw/audit';
import { IheTransaction, type IheHandler, type SoapReply, type SoapRequest } from '@gw/soap';
import { IheConfig } from '../ihe.config';
import { PatientDiscoveryHandlerBase } from '../hl7v3/patient-discovery.handler-base';
import { PatientDiscoveryService } from '../hl7v3/patient-discovery.service';

export const ITI47_ACTION = 'urn:hl7-org:v3:PRPA_IN201305UV02';
export const ITI47_RESPONSE_ACTION = 'urn:hl7-org:v3:PRPA_IN201306UV02';

/** ITI-47 Patient Demographics Query HL7 v3 (PDQ Supplier), answered from PDS. */
@IheTransaction({
  transaction: 'ITI-47',
  actions: [ITI47_ACTION],
  endpoint: 'iti47',
  service: 'PDQSupplier',
  payload: { ns: 'urn:hl7-org:v3', local: 'PRPA_IN201305UV02' },
})
@Injectable()
export class Iti47Handler extends PatientDiscoveryHandlerBase implements IheHandler {
  protected readonly mode = 'PDQ' as const;
  protected readonly responseAction = ITI47_RESPONSE_ACTION;

  constructor(discovery: PatientDiscoveryService, cfg: IheConfig, audit: AuditService) {
    super(discovery, cfg, audit);
  }

  handle(req: SoapRequest): Promise<SoapReply> {
    return this.answer(req);
  }
}
