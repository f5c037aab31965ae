"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.SoapModule = void 0;
const common_1 = require("@nestjs/common");
const core_1 = require("@nestjs/core");
const config_1 = require("../../config/src/index.js");
const auth_1 = require("../../auth/src/index.js");
const soap_config_1 = require("./soap.config");
const ihe_dispatcher_service_1 = require("./routing/ihe-dispatcher.service");
const soap_edge_service_1 = require("./edge/soap-edge.service");
const reply_to_sender_1 = require("./edge/reply-to.sender");
/** The SOAP edge: envelope handling, WS-Addressing, XUA, MTOM and routing to `@IheTransaction` handlers. */
let SoapModule = class SoapModule {
};
exports.SoapModule = SoapModule;
exports.SoapModule = SoapModule = __decorate([
    (0, common_1.Module)({
        imports: [core_1.DiscoveryModule, auth_1.XuaModule],
        providers: [(0, config_1.configProvider)(soap_config_1.SoapConfig), ihe_dispatcher_service_1.IheDispatcher, soap_edge_service_1.SoapEdgeService, reply_to_sender_1.ReplyToSender],
        exports: [soap_config_1.SoapConfig, ihe_dispatcher_service_1.IheDispatcher, soap_edge_service_1.SoapEdgeService],
    })
], SoapModule);
//# sourceMappingURL=soap.module.js.map