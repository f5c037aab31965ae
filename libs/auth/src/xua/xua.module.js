"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.XuaModule = void 0;
const common_1 = require("@nestjs/common");
const config_1 = require("../../../config/src/index.js");
const xua_config_1 = require("./xua.config");
const xua_verifier_service_1 = require("./xua-verifier.service");
/** XUA SAML verification for the SOAP edge. */
let XuaModule = class XuaModule {
};
exports.XuaModule = XuaModule;
exports.XuaModule = XuaModule = __decorate([
    (0, common_1.Module)({
        providers: [(0, config_1.configProvider)(xua_config_1.XuaConfig), xua_verifier_service_1.XuaVerifier],
        exports: [xua_verifier_service_1.XuaVerifier, xua_config_1.XuaConfig],
    })
], XuaModule);
//# sourceMappingURL=xua.module.js.map