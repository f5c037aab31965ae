import type { RequesterIdentity } from '@gw/identity';
import type { SoapReply, SoapRequest } from '@gw/soap';
import { IheConfig } from '../ihe.config';
import { buildPrpaIn201306 } from '../hl7v3/prpa-in201306.builder';
import { parsePatientDiscoveryQuery, type PatientDiscoveryQuery } from '../hl7v3/pdq-query.parser';
import { buildMcciIn000002 } from '../hl7v3/mcci-in000002.builder';

/** Response Action of an HL7 v3 application acknowledgement. */
export const MCCI_ACTION = 'urn:hl7-org:v3:MCCI_IN000002UV01';
import { PatientDiscoveryService, type DiscoveryMode } from './patient-discovery.service';
import { stripUrnOid } from '@gw/hl7-datatypes';

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
  ) {}

  protected async answer(req: SoapRequest, query = parsePatientDiscoveryQuery(req.body)): Promise<SoapReply> {
    if (!query.queryByParameter) return this.reject(query);
    const result = await this.discovery.discover(query, this.mode, { requestId: req.requestId, identity: req.identity });
    const bodyXml = buildPrpaIn201306(query, result.response, {
      deviceOid: this.cfg.HL7_DEVICE_OID,
      homeCommunityOid: stripUrnOid(this.cfg.HOME_COMMUNITY_ID),
      custodian: this.mode === 'XCPD',
    });
    const status = `${result.response.ack}/${result.response.queryResponseCode}`;
    return {
      action: this.responseAction,
      bodyXml,
      report: {
        status,
        summary: `(${result.audit.outcome})`,
        audit: [
          {
            outcome: result.audit.outcome,
            requester: requesterForAudit(req, query),
            nhsNumber: result.nhsNumber,
            detail: `${status}:${result.audit.detail}`,
          },
        ],
      },
    };
  }

  /**
   * A PRPA_IN201305UV02 without queryByParameter cannot be answered as a query (there is no queryId
   * to echo): it is rejected with an application acknowledgement, MCCI_IN000002UV01 AR / SYN105.
   */
  protected reject(query: PatientDiscoveryQuery): SoapReply {
    return {
      action: MCCI_ACTION,
      report: { status: 'AR', error: 'SYN105', audit: [{ outcome: 'refused', detail: 'AR:no-queryByParameter' }] },
      bodyXml: buildMcciIn000002(
        query,
        'AR',
        { deviceOid: this.cfg.HL7_DEVICE_OID, homeCommunityOid: stripUrnOid(this.cfg.HOME_COMMUNITY_ID) },
        {
          code: 'SYN105',
          text: 'The message has no controlActProcess/queryByParameter',
        },
      ),
    };
  }
}
