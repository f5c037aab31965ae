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
var SigningKeyService_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.SigningKeyService = exports.SigningKeyMissingError = void 0;
const common_1 = require("@nestjs/common");
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const auth_config_1 = require("../auth.config");
const rsa_keys_util_1 = require("./rsa-keys.util");
class SigningKeyMissingError extends Error {
    name = 'SigningKeyMissingError';
}
exports.SigningKeyMissingError = SigningKeyMissingError;
/**
 * The gateway's RS512 signing key for NHS client assertions, loaded once from NHS_PRIVATE_KEY (PEM)
 * or NHS_PRIVATE_KEY_FILE. Its public half is served as a JWKS so NHS England (or the sandbox) can
 * verify our assertions. A missing key is reported when first used, not at boot, so a gateway that
 * never calls PDS still starts.
 */
let SigningKeyService = SigningKeyService_1 = class SigningKeyService {
    cfg;
    logger = new common_1.Logger(SigningKeyService_1.name);
    loaded;
    constructor(cfg) {
        this.cfg = cfg;
    }
    get available() {
        return Boolean(this.cfg.NHS_PRIVATE_KEY || this.cfg.NHS_PRIVATE_KEY_FILE);
    }
    key() {
        if (this.loaded)
            return this.loaded;
        const pem = this.cfg.NHS_PRIVATE_KEY
            ? this.cfg.NHS_PRIVATE_KEY.replace(/\\n/g, '\n')
            : this.cfg.NHS_PRIVATE_KEY_FILE
                ? (0, node_fs_1.readFileSync)(this.cfg.NHS_PRIVATE_KEY_FILE, 'utf8')
                : undefined;
        if (!pem)
            throw new SigningKeyMissingError('No NHS signing key: set NHS_PRIVATE_KEY or NHS_PRIVATE_KEY_FILE');
        const privateKey = (0, node_crypto_1.createPrivateKey)(pem);
        if (privateKey.asymmetricKeyType !== 'rsa')
            throw new SigningKeyMissingError('NHS signing key must be an RSA key (RS512)');
        const kid = this.cfg.NHS_KEY_ID || (0, rsa_keys_util_1.jwkThumbprint)(privateKey);
        this.logger.log(`NHS signing key loaded (kid ${kid})`);
        this.loaded = { privateKey, kid };
        return this.loaded;
    }
    /** Our public keys as a JWKS (empty when no key is configured). */
    jwks() {
        if (!this.available)
            return { keys: [] };
        const { privateKey, kid } = this.key();
        return { keys: [(0, rsa_keys_util_1.publicJwk)((0, node_crypto_1.createPublicKey)(privateKey), kid)] };
    }
};
exports.SigningKeyService = SigningKeyService;
exports.SigningKeyService = SigningKeyService = SigningKeyService_1 = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [auth_config_1.AuthConfig])
], SigningKeyService);
//# sourceMappingURL=signing-key.service.js.map