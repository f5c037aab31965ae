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
exports.GpRecordConfig = void 0;
const class_validator_1 = require("class-validator");
const config_1 = require("../../../config/src/index.js");
/** XCA document service settings: how long a generated GP record stays retrievable, and how long a query waits. */
let GpRecordConfig = class GpRecordConfig {
    /**
     * How long a generated document (bytes + metadata) stays in the cache, in seconds. Long enough for
     * the retrieve that follows a query, and for re-queries the same day; default 12 hours.
     */
    XCA_DOCUMENT_TTL_SECONDS = 12 * 3600;
    /**
     * How long an ITI-38/39 request waits for PDS → SDS → GP Connect → conversion, in ms. When it
     * passes the request answers XDSRegistryBusy / XDSRepositoryBusy and the fetch carries on, filling
     * the cache for the next query. Keep it below the initiating gateways' own timeout (30–60 s).
     */
    XCA_UPSTREAM_DEADLINE_MS = 20_000;
    /** Most DocumentRequests accepted in one ITI-39 request (IHE: at least 10; Epic sends up to 9). */
    XCA_RETRIEVE_MAX_DOCUMENTS = 50;
    /**
     * GP Connect NO_PATIENT_CONSENT: `error` answers Failure + XDSRegistryError with a plain-language
     * reason; `empty` answers Success with no documents.
     */
    XCA_NO_CONSENT_POLICY = 'error';
};
exports.GpRecordConfig = GpRecordConfig;
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(60),
    (0, class_validator_1.Max)(7 * 24 * 3600),
    __metadata("design:type", Object)
], GpRecordConfig.prototype, "XCA_DOCUMENT_TTL_SECONDS", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(100),
    (0, class_validator_1.Max)(120_000),
    __metadata("design:type", Object)
], GpRecordConfig.prototype, "XCA_UPSTREAM_DEADLINE_MS", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(10),
    (0, class_validator_1.Max)(1000),
    __metadata("design:type", Object)
], GpRecordConfig.prototype, "XCA_RETRIEVE_MAX_DOCUMENTS", void 0);
__decorate([
    (0, class_validator_1.IsIn)(['error', 'empty']),
    __metadata("design:type", String)
], GpRecordConfig.prototype, "XCA_NO_CONSENT_POLICY", void 0);
exports.GpRecordConfig = GpRecordConfig = __decorate([
    (0, config_1.EnvConfig)()
], GpRecordConfig);
//# sourceMappingURL=gp-record.config.js.map