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
Object.defineProperty(exports, "__esModule", { value: true });
exports.Iti39RetrieveService = void 0;
const common_1 = require("@nestjs/common");
const xds_1 = require("../xds");
const gp_record_document_service_1 = require("../gp-record/gp-record-document.service");
const gp_record_store_1 = require("../gp-record/gp-record.store");
const gp_record_config_1 = require("../gp-record/gp-record.config");
const ihe_config_1 = require("../ihe.config");
/**
 * ITI-39 business logic, per DocumentRequest in order (ihe-transactions.md §7): homeCommunityId
 * present and ours, repository ours, document held. A request that fails gets its own
 * RegistryError; the others are still answered (PartialSuccess), so nothing is dropped silently.
 */
let Iti39RetrieveService = class Iti39RetrieveService {
    documents;
    ihe;
    cfg;
    constructor(documents, ihe, cfg) {
        this.documents = documents;
        this.ihe = ihe;
        this.cfg = cfg;
    }
    async retrieve(requests) {
        const result = { documents: [], errors: [] };
        if (!requests.length) {
            result.errors.push({ code: 'XDSRepositoryError', context: 'The request contains no DocumentRequest.' });
            return result;
        }
        if (requests.length > this.cfg.XCA_RETRIEVE_MAX_DOCUMENTS) {
            result.errors.push({
                code: 'XDSRepositoryOutOfResources',
                context: `At most ${this.cfg.XCA_RETRIEVE_MAX_DOCUMENTS} documents can be retrieved in one request; ${requests.length} were asked for.`,
            });
            return result;
        }
        const ourHome = this.ihe.HOME_COMMUNITY_ID;
        const ourRepo = (0, xds_1.stripUrnOid)(this.ihe.REPOSITORY_UNIQUE_ID);
        for (const [i, r] of requests.entries()) {
            const n = i + 1;
            const uid = r.documentUniqueId ?? '(none)';
            if (!r.homeCommunityId) {
                result.errors.push({ code: 'XDSMissingHomeCommunityId', context: `DocumentRequest ${n} (${uid.slice(0, 80)}) has no HomeCommunityId.` });
                continue;
            }
            if ((0, xds_1.toUrnOid)((0, xds_1.stripUrnOid)(r.homeCommunityId)) !== ourHome) {
                result.errors.push({ code: 'XDSUnknownCommunity', context: `DocumentRequest ${n}: HomeCommunityId ${r.homeCommunityId.slice(0, 80)} is not this community (${ourHome}).` });
                continue;
            }
            if (!r.repositoryUniqueId || (0, xds_1.stripUrnOid)(r.repositoryUniqueId) !== ourRepo) {
                result.errors.push({ code: 'XDSUnknownRepositoryId', context: `DocumentRequest ${n}: RepositoryUniqueId ${(r.repositoryUniqueId ?? '(none)').slice(0, 80)} is not this community's repository (${ourRepo}).` });
                continue;
            }
            const stored = r.documentUniqueId ? await this.documents.byUniqueId(r.documentUniqueId) : undefined;
            if (!stored) {
                result.errors.push({ code: 'XDSDocumentUniqueIdError', context: `Document ${uid.slice(0, 128)} is not held by this repository (unknown or expired).` });
                continue;
            }
            const onDemand = gp_record_store_1.GpRecordStore.isOnDemandId(stored.meta, r.documentUniqueId);
            result.documents.push({
                homeCommunityId: ourHome,
                repositoryUniqueId: ourRepo,
                documentUniqueId: r.documentUniqueId,
                newDocumentUniqueId: onDemand ? stored.meta.uniqueId : undefined,
                newRepositoryUniqueId: onDemand ? ourRepo : undefined,
                mimeType: stored.meta.mimeType,
                contentId: `doc-${n}@gw`,
                bytes: gp_record_store_1.GpRecordStore.bytes(stored),
                nhsNumber: stored.meta.nhsNumber,
            });
        }
        return result;
    }
};
exports.Iti39RetrieveService = Iti39RetrieveService;
exports.Iti39RetrieveService = Iti39RetrieveService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [gp_record_document_service_1.GpRecordDocumentService,
        ihe_config_1.IheConfig,
        gp_record_config_1.GpRecordConfig])
], Iti39RetrieveService);
//# sourceMappingURL=iti-39-retrieve.service.js.map