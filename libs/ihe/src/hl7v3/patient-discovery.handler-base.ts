import { AuditService } from '@gw/audit';
import type { SoapReply, SoapRequest } from '@gw/soap';
import { IheConfig, oidOf } from '../ihe.config';
import { buildPrpaIn201306 } from './prpa-in201306.builder';
import { parsePatientDiscoveryQuery } from './pdq-query.parser';
import { PatientDiscoveryService, type DiscoveryMode } from './patient-discovery.service';

/** The part ITI-47 and ITI-55 share: parse, discover, audit, build PRPA_IN201306UV02. */
export abstract class PatientDiscoveryHandlerBase {
  protected abstract readonly mode: DiscoveryMode;
  protected abstract readonly responseAction: string;

  constructor(
    protected readonly discovery: PatientDiscoveryService,
    protected readonly cfg: IheConfig,
    protected readonly audit: AuditService,
  ) {}

  protected async answer(req: SoapRequest): Promise<SoapReply> {
    const query = parsePatientDiscoveryQuery(req.body);
    const result = await this.discovery.discover(query, this.mode, { requestId: req.requestId, identity: req.identity });
    this.audit.record({
      transaction: req.transaction,
      requestId: req.requestId,
      outcome: result.audit.outcome,
      requester: req.identity,
      nhsNumber: result.nhsNumber,
      detail: `${result.response.ack}/${result.response.queryResponseCode}:${result.audit.detail}`,
    });
    const bodyXml = buildPrpaIn201306(query, result.response, {
      deviceOid: this.cfg.HL7_DEVICE_OID,
      homeCommunityOid: oidOf(this.cfg.HOME_COMMUNITY_ID),
      custodian: this.mode === 'XCPD',
    });
    return { action: this.responseAction, bodyXml };
  }
}
