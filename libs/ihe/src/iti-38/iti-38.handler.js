"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var Iti38Handler_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.Iti38Handler = void 0;
const common_1 = require("@nestjs/common");
const audit_1 = require("../../../audit/src/index.js");
const soap_1 = require("../../../soap/src/index.js");
const xds_1 = require("../xds");
const ihe_config_1 = require("../ihe.config");
const adhoc_query_request_1 = require("./adhoc-query.request");
const iti_38_query_service_1 = require("./iti-38-query.service");
const stored_query_plan_1 = require("./stored-query.plan");
/**
 * ITI-38 Cross Gateway Query (responding gateway). Every outcome is an AdhocQueryResponse:
 * request problems and upstream failures are RegistryErrors with `location` = our
 * homeCommunityId, never faults. Each query is audited.
 */
let Iti38Handler = Iti38Handler_1 = class Iti38Handler {
    service;
    ihe;
    audit;
    logger = new common_1.Logger(Iti38Handler_1.name);
    constructor(service, ihe, audit) {
        this.service = service;
        this.ihe = ihe;
        this.audit = audit;
    }
    async handle(req) {
        const started = process.hrtime.bigint();
        const ctx = { requester: req.identity, requestId: req.requestId };
        let returnType = 'LeafClass';
        let query = 'unparsed';
        let result;
        try {
            const cmd = (0, adhoc_query_request_1.parseAdhocQueryRequest)(req.body);
            returnType = cmd.returnType;
            const plan = (0, stored_query_plan_1.planStoredQuery)(cmd, this.ihe.HOME_COMMUNITY_ID);
            query = plan.query;
            result = await this.service.execute(plan, ctx);
        }
        catch (e) {
            if (e instanceof xds_1.RegistryErrorException) {
                result = { entries: [], errors: [e.entry], outcome: 'request-error' };
            }
            else {
                // A business transaction answers with a registry error, never a fault or a stack trace.
                this.logger.error(`[${req.requestId}] ITI-38 internal error: ${e?.stack ?? String(e)}`);
                result = { entries: [], errors: [{ code: 'XDSRegistryError', context: `Internal error; reference ${req.requestId}.` }], outcome: 'internal-error' };
            }
        }
        const bodyXml = (0, xds_1.buildAdhocQueryResponse)({ returnType, entries: result.entries, errors: result.errors }, this.ihe.HOME_COMMUNITY_ID);
        const status = (0, xds_1.statusLabel)((0, xds_1.responseStatus)(result.errors, result.entries.length));
        const firstError = result.errors.find((e) => (e.severity ?? 'error') === 'error')?.code ?? 'none';
        xds_1.xcaResponses.inc({ transaction: 'ITI-38', status, error: firstError });
        xds_1.xcaSeconds.observe({ transaction: 'ITI-38', status }, Number(process.hrtime.bigint() - started) / 1e9);
        this.audit.record({
            transaction: 'ITI-38',
            requestId: req.requestId,
            outcome: auditOutcome(result),
            requester: req.identity,
            nhsNumber: result.nhsNumber,
            detail: `${query}:${result.outcome}${firstError !== 'none' ? `:${firstError}` : ''}`,
            documentIds: result.entries.map((e) => e.uniqueId),
        });
        this.logger.log(`[${req.requestId}] ITI-38 ${query} → ${status} (${result.entries.length} entries, ${result.outcome})`);
        return { action: xds_1.XCA_ACTIONS.queryResponse, bodyXml };
    }
};
exports.Iti38Handler = Iti38Handler;
exports.Iti38Handler = Iti38Handler = Iti38Handler_1 = __decorate([
    (0, soap_1.IheTransaction)({
        transaction: 'ITI-38',
        actions: [xds_1.XCA_ACTIONS.query],
        endpoint: 'iti38',
        service: 'RespondingGateway',
        payload: { ns: xds_1.NS.query, local: 'AdhocQueryRequest' },
        responseActions: { [xds_1.XCA_ACTIONS.query]: xds_1.XCA_ACTIONS.queryResponse },
    }),
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [iti_38_query_service_1.Iti38QueryService,
        ihe_config_1.IheConfig,
        audit_1.AuditService])
], Iti38Handler);
function auditOutcome(r) {
    const code = r.errors.find((e) => (e.severity ?? 'error') === 'error')?.code;
    if (!code)
        return r.entries.length ? 'success' : 'not-found';
    if (code === 'XDSUnknownPatientId')
        return 'not-found';
    if (code === 'XDSRegistryError' || code === 'XDSRegistryBusy')
        return r.outcome === 'refused' ? 'refused' : 'error';
    return 'query-error';
}
//# sourceMappingURL=iti-38.handler.js.map