"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PatientDiscoveryHandlerBase = void 0;
const ihe_config_1 = require("../ihe.config");
const prpa_in201306_builder_1 = require("./prpa-in201306.builder");
const pdq_query_parser_1 = require("./pdq-query.parser");
/** The part ITI-47 and ITI-55 share: parse, discover, audit, build PRPA_IN201306UV02. */
class PatientDiscoveryHandlerBase {
    discovery;
    cfg;
    audit;
    constructor(discovery, cfg, audit) {
        this.discovery = discovery;
        this.cfg = cfg;
        this.audit = audit;
    }
    async answer(req) {
        const query = (0, pdq_query_parser_1.parsePatientDiscoveryQuery)(req.body);
        const result = await this.discovery.discover(query, this.mode, { requestId: req.requestId, identity: req.identity });
        this.audit.record({
            transaction: req.transaction,
            requestId: req.requestId,
            outcome: result.audit.outcome,
            requester: req.identity,
            nhsNumber: result.nhsNumber,
            detail: `${result.response.ack}/${result.response.queryResponseCode}:${result.audit.detail}`,
        });
        const bodyXml = (0, prpa_in201306_builder_1.buildPrpaIn201306)(query, result.response, {
            deviceOid: this.cfg.HL7_DEVICE_OID,
            homeCommunityOid: (0, ihe_config_1.oidOf)(this.cfg.HOME_COMMUNITY_ID),
            custodian: this.mode === 'XCPD',
        });
        return { action: this.responseAction, bodyXml };
    }
}
exports.PatientDiscoveryHandlerBase = PatientDiscoveryHandlerBase;
//# sourceMappingURL=patient-discovery.handler-base.js.map