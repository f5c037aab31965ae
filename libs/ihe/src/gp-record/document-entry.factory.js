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
exports.DocumentEntryFactory = void 0;
const common_1 = require("@nestjs/common");
const xds_1 = require("../xds");
const ihe_config_1 = require("../ihe.config");
/**
 * Builds the published DocumentEntry from a stored document. Coded values come from configuration
 * at the time of the query, so a code change applies without regenerating documents.
 */
let DocumentEntryFactory = class DocumentEntryFactory {
    codes;
    ihe;
    constructor(codes, ihe) {
        this.codes = codes;
        this.ihe = ihe;
    }
    /** The Stable entry: the generated instance with its hash and size. */
    stable(m) {
        return this.entry(m, 'stable');
    }
    /** The On-Demand entry: no creationTime, hash or size; its retrieve returns the current instance. */
    onDemand(m) {
        return this.entry(m, 'on-demand');
    }
    entry(m, kind) {
        const c = this.codes;
        const patient = (0, xds_1.toCx)(m.nhsNumber, ihe_config_1.NHS_NUMBER_OID);
        const stable = kind === 'stable';
        return {
            entryUuid: stable ? m.entryUuid : m.onDemand.entryUuid,
            uniqueId: stable ? m.uniqueId : m.onDemand.uniqueId,
            kind,
            homeCommunityId: this.ihe.HOME_COMMUNITY_ID,
            repositoryUniqueId: this.ihe.REPOSITORY_UNIQUE_ID,
            mimeType: m.mimeType,
            patientId: patient,
            sourcePatientId: patient,
            languageCode: c.XDS_LANGUAGE_CODE,
            title: m.title || c.XDS_DOCUMENT_TITLE,
            creationTime: stable ? m.creationTime : undefined,
            hash: stable ? m.hash : undefined,
            size: stable ? m.size : undefined,
            serviceStartTime: m.serviceStartTime,
            serviceStopTime: stable ? m.serviceStopTime : undefined,
            author: { institutions: [(0, xds_1.toXon)(m.practice.name ?? m.practice.odsCode, ihe_config_1.ODS_ORG_OID, m.practice.odsCode)] },
            classCode: (0, xds_1.parseCodedValue)(c.XDS_CLASS_CODE),
            typeCode: (0, xds_1.parseCodedValue)(c.XDS_TYPE_CODE),
            formatCode: (0, xds_1.parseCodedValue)(c.XDS_FORMAT_CODE),
            confidentialityCodes: [(0, xds_1.parseCodedValue)(c.XDS_CONFIDENTIALITY_CODE)],
            healthcareFacilityTypeCode: (0, xds_1.parseCodedValue)(c.XDS_HEALTHCARE_FACILITY_TYPE_CODE),
            practiceSettingCode: (0, xds_1.parseCodedValue)(c.XDS_PRACTICE_SETTING_CODE),
        };
    }
};
exports.DocumentEntryFactory = DocumentEntryFactory;
exports.DocumentEntryFactory = DocumentEntryFactory = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [xds_1.XdsMetadataConfig,
        ihe_config_1.IheConfig])
], DocumentEntryFactory);
//# sourceMappingURL=document-entry.factory.js.map