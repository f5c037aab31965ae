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
exports.SoapConfig = void 0;
const class_validator_1 = require("class-validator");
const config_1 = require("../../config/src/index.js");
/** Settings of the SOAP edge. Property names are the environment variable names. */
let SoapConfig = class SoapConfig {
    /** Largest accepted SOAP/MTOM request body in bytes; larger bodies get HTTP 413. */
    SOAP_MAX_BODY_BYTES = 20 * 1024 * 1024;
    /** Deepest accepted XML element nesting. */
    SOAP_MAX_XML_DEPTH = 100;
    /**
     * Non-anonymous wsa:ReplyTo addresses the gateway may call back (exact URLs, comma-separated).
     * A request with any other non-anonymous ReplyTo gets an OnlyAnonymousAddressSupported fault,
     * so the gateway can never be used to POST to arbitrary hosts.
     */
    WSA_REPLYTO_ALLOWLIST = [];
    /** Fault requests that carry no wsa:MessageID (some partner profiles require it). Default: answer without RelatesTo. */
    WSA_REQUIRE_MESSAGE_ID = false;
    /** Public base URL written into the WSDL soap:address (e.g. https://gw.example.org); default: from the request Host. */
    SOAP_PUBLIC_BASE_URL = undefined;
};
exports.SoapConfig = SoapConfig;
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(1024),
    __metadata("design:type", Object)
], SoapConfig.prototype, "SOAP_MAX_BODY_BYTES", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(16),
    (0, class_validator_1.Max)(10_000),
    __metadata("design:type", Object)
], SoapConfig.prototype, "SOAP_MAX_XML_DEPTH", void 0);
__decorate([
    (0, config_1.EnvList)(),
    (0, class_validator_1.IsString)({ each: true }),
    __metadata("design:type", Array)
], SoapConfig.prototype, "WSA_REPLYTO_ALLOWLIST", void 0);
__decorate([
    (0, config_1.EnvBoolean)(),
    (0, class_validator_1.IsBoolean)(),
    __metadata("design:type", Object)
], SoapConfig.prototype, "WSA_REQUIRE_MESSAGE_ID", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.IsString)(),
    __metadata("design:type", String)
], SoapConfig.prototype, "SOAP_PUBLIC_BASE_URL", void 0);
exports.SoapConfig = SoapConfig = __decorate([
    (0, config_1.EnvConfig)()
], SoapConfig);
//# sourceMappingURL=soap.config.js.map