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
exports.ObservabilityConfig = void 0;
exports.tracingEnabled = tracingEnabled;
const class_validator_1 = require("class-validator");
const config_1 = require("../../config/src/index.js");
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** Logging and tracing settings. Tracing is off unless an OTLP endpoint is given (or OTEL_ENABLED=true). */
let ObservabilityConfig = class ObservabilityConfig {
    LOG_LEVEL = 'info';
    /** OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); setting it turns tracing on. */
    OTEL_EXPORTER_OTLP_ENDPOINT = undefined;
    /** Turns tracing on with the OTLP exporter's own default endpoint (http://localhost:4318). */
    OTEL_ENABLED = false;
    OTEL_SERVICE_NAME = 'gp-record-gateway';
};
exports.ObservabilityConfig = ObservabilityConfig;
__decorate([
    (0, class_validator_1.IsIn)(LEVELS, { message: `must be one of ${LEVELS.join(', ')}` }),
    __metadata("design:type", Object)
], ObservabilityConfig.prototype, "LOG_LEVEL", void 0);
__decorate([
    (0, class_validator_1.IsOptional)(),
    (0, class_validator_1.Matches)(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' }),
    __metadata("design:type", String)
], ObservabilityConfig.prototype, "OTEL_EXPORTER_OTLP_ENDPOINT", void 0);
__decorate([
    (0, config_1.EnvBoolean)(),
    (0, class_validator_1.IsBoolean)(),
    __metadata("design:type", Object)
], ObservabilityConfig.prototype, "OTEL_ENABLED", void 0);
__decorate([
    (0, class_validator_1.IsString)(),
    (0, class_validator_1.Matches)(/^[\w.-]{1,64}$/, { message: 'must be 1-64 letters, digits, ".", "-" or "_"' }),
    __metadata("design:type", Object)
], ObservabilityConfig.prototype, "OTEL_SERVICE_NAME", void 0);
exports.ObservabilityConfig = ObservabilityConfig = __decorate([
    (0, config_1.EnvConfig)()
], ObservabilityConfig);
function tracingEnabled(cfg) {
    return cfg.OTEL_ENABLED || Boolean(cfg.OTEL_EXPORTER_OTLP_ENDPOINT);
}
//# sourceMappingURL=observability.config.js.map