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
exports.XuaConfig = exports.XUA_MODES = void 0;
const class_validator_1 = require("class-validator");
const config_1 = require("../../../config/src/index.js");
exports.XUA_MODES = ['off', 'validate-if-present', 'required'];
/** XUA (SAML 2.0 in WS-Security) settings. Property names are the environment variable names. */
let XuaConfig = class XuaConfig {
    /**
     * off: assertions are ignored; validate-if-present: an assertion that is sent must verify;
     * required: every request must carry a verified assertion. Default `required`: the gateway
     * discloses GP records, so it fails closed until a deployment decides otherwise.
     */
    XUA_MODE = 'required';
    /** Trusted signing certificates: PEM file paths or inline PEM, comma-separated. */
    XUA_TRUSTED_CERTS = [];
    /** Accepted saml2:Audience values (comma-separated); empty = audience not checked. */
    XUA_AUDIENCE = [];
    /** Clock skew tolerated on NotBefore/NotOnOrAfter, in seconds. */
    XUA_CLOCK_SKEW_S = 60;
};
exports.XuaConfig = XuaConfig;
__decorate([
    (0, class_validator_1.IsIn)(exports.XUA_MODES),
    __metadata("design:type", String)
], XuaConfig.prototype, "XUA_MODE", void 0);
__decorate([
    (0, config_1.EnvList)(),
    (0, class_validator_1.IsString)({ each: true }),
    __metadata("design:type", Array)
], XuaConfig.prototype, "XUA_TRUSTED_CERTS", void 0);
__decorate([
    (0, config_1.EnvList)(),
    (0, class_validator_1.IsString)({ each: true }),
    __metadata("design:type", Array)
], XuaConfig.prototype, "XUA_AUDIENCE", void 0);
__decorate([
    (0, class_validator_1.IsInt)(),
    (0, class_validator_1.Min)(0),
    (0, class_validator_1.Max)(3600),
    __metadata("design:type", Object)
], XuaConfig.prototype, "XUA_CLOCK_SKEW_S", void 0);
exports.XuaConfig = XuaConfig = __decorate([
    (0, config_1.EnvConfig)()
], XuaConfig);
//# sourceMappingURL=xua.config.js.map