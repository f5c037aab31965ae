"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.generateRsaKeyPair = generateRsaKeyPair;
exports.jwkThumbprint = jwkThumbprint;
exports.publicJwk = publicJwk;
const node_crypto_1 = require("node:crypto");
/** A fresh 4096-bit RSA key pair as PEM (NHS asks for 4096-bit keys). */
function generateRsaKeyPair(bits = 4096) {
    const { privateKey, publicKey } = (0, node_crypto_1.generateKeyPairSync)('rsa', { modulusLength: bits });
    return {
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
}
function publicOf(key) {
    return key.type === 'public' ? key : (0, node_crypto_1.createPublicKey)(key);
}
/** RFC 7638 thumbprint: a stable key id when none is configured. */
function jwkThumbprint(key) {
    const jwk = publicOf(key).export({ format: 'jwk' });
    const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
    return (0, node_crypto_1.createHash)('sha256').update(canonical).digest('base64url');
}
function publicJwk(key, kid) {
    const jwk = publicOf(key).export({ format: 'jwk' });
    return { kty: 'RSA', kid, use: 'sig', alg: 'RS512', n: jwk.n, e: jwk.e };
}
//# sourceMappingURL=rsa-keys.util.js.map