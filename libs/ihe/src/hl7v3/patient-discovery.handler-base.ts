import type { RequesterIdentity } from '@gw/identity';
import { AuditService } from '@gw/audit';
import type { SoapReply, SoapRequest } from '@gw/soap';
import { IheConfig, oidOf } from '../ihe.config';
import { buildPrpaIn201306 } from './prpa-in201306.builder';
import { parsePatientDiscoveryQuery, type PatientDiscoveryQuery } from './pdq-query.parser';
import { buildMcciIn000002 } from './mcci-in000002.builder';

/** Response Action of an HL7 v3 application acknowledgement. */
export const MCCI_ACTION = 'urn:hl7-org:v3:MCCI_IN000002UV01';
import { PatientDiscoveryService, type DiscoveryMode } from './patient-discovery.service';

/**
 * Without XUA the only word on who asks is the HL7 sender: its organisation id stands in for the
 * home community in the audit record (the source stays 'default', so it is not mistaken for a claim).
 */
function requesterForAudit(req: SoapRequest, query: PatientDiscoveryQuery): RequesterIdentity {
  const org = query.senderOrganizationId?.root;
  if (req.identity.source !== 'default' || req.identity.homeCommunityId || !org) return req.identity;
  return { ...req.identity, homeCommunityId: `urn:oid:${org}` };
}

/** The part ITI-47 and ITI-55 share: parse, discover, audit, build PRPA_IN201306UV02. */
export abstract class PatientDiscoveryHandlerBase {
  protected abstract readonly mode: DiscoveryMode;
  protected abstract readonly responseAction: string;

  constructor(
    protected readonly discovery: PatientDiscoveryService,
    protected readonly cfg: IheConfig,
    protected readonly audit: AuditService,
  ) {}

  protected async answer(req: SoapRequest, query = parsePatientDiscoveryQuery(req.body)): Promise<SoapReply> {
    if (!query.queryByParameter) return this.reject(req, query);
    const result = await this.discovery.discover(query, this.mode, { requestId: req.requestId, identity: req.identity });
    this.audit.record({
      transaction: req.transaction,
      requestId: req.requestId,
      outcome: result.audit.outcome,
      requester: requesterForAudit(req, query),
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

  /**
   * A PRPA_IN201305UV02 without queryByParameter cannot be answered as a query (there is no queryId
   * to echo): it is rejected with an application acknowledgement, MCCI_IN000002UV01 AR / SYN105.
   */
  protected reject(req: SoapRequest, query: PatientDiscoveryQuery): SoapReply {
    this.audit.record({
      transaction: req.transaction,
      requestId: req.requestId,
      outcome: 'refused',
      requester: req.identity,
      detail: 'AR:no-queryByParameter',
    });
    return {
      action: MCCI_ACTION,
      bodyXml: buildMcciIn000002(
        query,
        'AR',
        { deviceOid: this.cfg.HL7_DEVICE_OID, homeCommunityOid: oidOf(this.cfg.HOME_COMMUNITY_ID) },
        {
          code: 'SYN105',
          text: 'The message has no controlActProcess/queryByParameter',
        },
      ),
    };
  }
}
