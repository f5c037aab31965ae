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
exports.XdsMetadataConfig = void 0;
const class_validator_1 = require("class-validator");
const config_1 = require("../../../config/src/index.js");
/** `code|codingScheme|display name`: the code system is an OID (or a URN for formatCode's scheme). */
const CODED = /^[^|]+\|[^|]+\|[^|]+$/;
const CODED_MSG = { message: '$property must be "code|codingScheme|display name"' };
/**
 * Coded DocumentEntry metadata of the GP record document (ITI TF-3 4.2.3.2). Defaults describe a
 * C-CDA R2.1 CCD from general practice; confirm each partner's value sets and override here.
 */
let XdsMetadataConfig = class XdsMetadataConfig {
    /** classCode: high-level document class. */
    XDS_CLASS_CODE = '34133-9|2.16.840.1.113883.6.1|Summarization of Episode Note';
    /** typeCode: = the CDA ClinicalDocument/code. */
    XDS_TYPE_CODE = '34133-9|2.16.840.1.113883.6.1|Summarization of Episode Note';
    /** formatCode: C-CDA R2.1 structured body (the document declares R2.1, so not the 1.1 code). */
    XDS_FORMAT_CODE = 'urn:hl7-org:sdwg:ccda-structuredBody:2.1|1.3.6.1.4.1.19376.1.2.3|Documents following C-CDA constraints using a structured body';
    /** confidentialityCode: = the CDA confidentialityCode. */
    XDS_CONFIDENTIALITY_CODE = 'N|2.16.840.1.113883.5.25|Normal';
    /** healthcareFacilityTypeCode: a general practice site (SNOMED CT environment concept). */
    XDS_HEALTHCARE_FACILITY_TYPE_CODE = '264358009|2.16.840.1.113883.6.96|General practitioner practice site';
    /** practiceSettingCode: general practice (SNOMED CT). */
    XDS_PRACTICE_SETTING_CODE = '394814009|2.16.840.1.113883.6.96|General practice';
    /** languageCode slot; = the CDA languageCode. */
    XDS_LANGUAGE_CODE = 'en-GB';
    /** DocumentEntry title (rim:Name). */
    XDS_DOCUMENT_TITLE = 'GP Connect structured record summary';
};
exports.XdsMetadataConfig = XdsMetadataConfig;
__decorate([
    (0, class_validator_1.Matches)(CODED, CODED_MSG),
    __metadata("design:type", Object)
], XdsMetadataConfig.prototype, "XDS_CLASS_CODE", void 0);
__decorate([
    (0, class_validator_1.Matches)(CODED, CODED_MSG),
    __metadata("design:type", Object)
], XdsMetadataConfig.prototype, "XDS_TYPE_CODE", void 0);
__decorate([
    (0, class_validator_1.Matches)(CODED, CODED_MSG),
    __metadata("design:type", Object)
], XdsMetadataConfig.prototype, "XDS_FORMAT_CODE", void 0);
__decorate([
    (0, class_validator_1.Matches)(CODED, CODED_MSG),
    __metadata("design:type", Object)
], XdsMetadataConfig.prototype, "XDS_CONFIDENTIALITY_CODE", void 0);
__decorate([
    (0, class_validator_1.Matches)(CODED, CODED_MSG),
    __metadata("design:type", Object)
], XdsMetadataConfig.prototype, "XDS_HEALTHCARE_FACILITY_TYPE_CODE", void 0);
__decorate([
    (0, class_validator_1.Matches)(CODED, CODED_MSG),
    __metadata("design:type", Object)
], XdsMetadataConfig.prototype, "XDS_PRACTICE_SETTING_CODE", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.IsNotEmpty)(),
    __metadata("design:type", Object)
], XdsMetadataConfig.prototype, "XDS_LANGUAGE_CODE", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.IsNotEmpty)(),
    __metadata("design:type", Object)
], XdsMetadataConfig.prototype, "XDS_DOCUMENT_TITLE", void 0);
exports.XdsMetadataConfig = XdsMetadataConfig = __decorate([
    (0, config_1.EnvConfig)()
], XdsMetadataConfig);
//# sourceMappingURL=xds-metadata.config.js.map