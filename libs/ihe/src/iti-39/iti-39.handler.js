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
var Iti39Handler_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.Iti39Handler = void 0;
const common_1 = require("@nestjs/common");
const audit_1 = require("../../../audit/src/index.js");
const soap_1 = require("../../../soap/src/index.js");
const xds_1 = require("../xds");
const ihe_config_1 = require("../ihe.config");
const iti_39_retrieve_service_1 = require("./iti-39-retrieve.service");
const retrieve_request_1 = require("./retrieve.request");
const retrieve_response_1 = require("./retrieve.response");
/**
 * ITI-39 Cross Gateway Retrieve (responding gateway). Always answered as MTOM/XOP: each document is
 * a binary part holding exactly the bytes whose SHA-1 and size ITI-38 published. One audit record
 * per disclosed document, and one for the request when nothing was disclosed.
 */
let Iti39Handler = Iti39Handler_1 = class Iti39Handler {
    service;
    ihe;
    audit;
    logger = new common_1.Logger(Iti39Handler_1.name);
    constructor(service, ihe, audit) {
        this.service = service;
        this.ihe = ihe;
        this.audit = audit;
    }
    async handle(req) {
        const started = process.hrtime.bigint();
        const requests = (0, retrieve_request_1.parseRetrieveRequest)(req.body);
        let result;
        try {
            result = await this.service.retrieve(requests);
        }
        catch (e) {
            // A business transaction answers with a registry error, never a fault or a stack trace.
            this.logger.error(`[${req.requestId}] ITI-39 internal error: ${e?.stack ?? String(e)}`);
            result = { documents: [], errors: [{ code: 'XDSRepositoryError', context: `Internal error; reference ${req.requestId}.` }] };
        }
        const { documents, errors } = result;
        const bodyXml = (0, retrieve_response_1.buildRetrieveResponse)(documents, errors, this.ihe.HOME_COMMUNITY_ID);
        const status = (0, xds_1.statusLabel)((0, xds_1.responseStatus)(errors, documents.length));
        xds_1.xcaResponses.inc({ transaction: 'ITI-39', status, error: errors[0]?.code ?? 'none' });
        xds_1.xcaSeconds.observe({ transaction: 'ITI-39', status }, Number(process.hrtime.bigint() - started) / 1e9);
        for (const d of documents) {
            this.audit.record({
                transaction: 'ITI-39',
                requestId: req.requestId,
                outcome: 'success',
                requester: req.identity,
                nhsNumber: d.nhsNumber,
                detail: d.newDocumentUniqueId ? 'retrieve:on-demand' : 'retrieve',
                documentIds: [d.newDocumentUniqueId ?? d.documentUniqueId],
            });
        }
        if (errors.length) {
            this.audit.record({
                transaction: 'ITI-39',
                requestId: req.requestId,
                outcome: documents.length ? 'not-found' : errors.every((e) => e.code === 'XDSDocumentUniqueIdError') ? 'not-found' : 'query-error',
                requester: req.identity,
                detail: `retrieve:${status}:${[...new Set(errors.map((e) => e.code))].join(',')}`,
                documentIds: requests.map((r) => r.documentUniqueId ?? '').filter(Boolean),
            });
        }
        this.logger.log(`[${req.requestId}] ITI-39 ${requests.length} requested → ${status} (${documents.length} returned, ${errors.length} errors)`);
        return {
            action: xds_1.XCA_ACTIONS.retrieveResponse,
            bodyXml,
            attachments: documents.map((d) => ({ contentId: d.contentId, contentType: d.mimeType, data: d.bytes })),
        };
    }
};
exports.Iti39Handler = Iti39Handler;
exports.Iti39Handler = Iti39Handler = Iti39Handler_1 = __decorate([
    (0, soap_1.IheTransaction)({
        transaction: 'ITI-39',
        actions: [xds_1.XCA_ACTIONS.retrieve],
        endpoint: 'iti39',
        service: 'RespondingGateway',
        payload: { ns: xds_1.NS.xdsb, local: 'RetrieveDocumentSetRequest' },
        responseActions: { [xds_1.XCA_ACTIONS.retrieve]: xds_1.XCA_ACTIONS.retrieveResponse },
        mtom: true,
    }),
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [iti_39_retrieve_service_1.Iti39RetrieveService,
        ihe_config_1.IheConfig,
        audit_1.AuditService])
], Iti39Handler);
//# sourceMappingURL=iti-39.handler.js.map