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
var XuaVerifier_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.XuaVerifier = void 0;
const node_fs_1 = require("node:fs");
const common_1 = require("@nestjs/common");
const xmldom_1 = require("@xmldom/xmldom");
const xml_crypto_1 = require("xml-crypto");
const xua_config_1 = require("./xua.config");
const xua_rejection_1 = require("./xua-rejection");
const saml_claims_1 = require("./saml-claims");
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const DEFAULT_RESULT = { identity: { source: 'default' } };
function loadCert(entry) {
    const inline = entry.replace(/\\n/g, '\n').trim();
    if (inline.includes('-----BEGIN'))
        return inline;
    return (0, node_fs_1.readFileSync)(entry, 'utf8');
}
/**
 * Verifies the XUA SAML 2.0 assertion in wsse:Security (ihe-transactions.md §4, stack.md §11).
 *
 * The signature is checked against the configured trusted certificates only (a certificate in
 * KeyInfo is never trusted). Every claim — attributes, validity window, audience — is read from
 * the XML that the signature actually covers (`getSignedReferences()`), never from the request
 * document, and a reference ID that occurs more than once is refused: that is how signature
 * wrapping attacks are defeated.
 */
let XuaVerifier = XuaVerifier_1 = class XuaVerifier {
    cfg;
    logger = new common_1.Logger(XuaVerifier_1.name);
    certs;
    constructor(cfg) {
        this.cfg = cfg;
        this.certs = cfg.XUA_TRUSTED_CERTS.map(loadCert);
        if (cfg.XUA_MODE !== 'off' && !this.certs.length) {
            this.logger.warn(`XUA_MODE=${cfg.XUA_MODE} but no XUA_TRUSTED_CERTS: every signed assertion will be refused`);
        }
        this.logger.log(`XUA mode ${cfg.XUA_MODE}, ${this.certs.length} trusted certificate(s), audience ${cfg.XUA_AUDIENCE.length ? 'checked' : 'not checked'}`);
    }
    get mode() {
        return this.cfg.XUA_MODE;
    }
    /**
     * Verifies the assertion of a SOAP 1.2 envelope (already decoded and DOCTYPE-free).
     * Returns the requester identity, or the default identity when none is needed; throws XuaRejection.
     */
    verify(envelopeXml, now = new Date()) {
        if (this.cfg.XUA_MODE === 'off')
            return DEFAULT_RESULT;
        const doc = this.parse(envelopeXml);
        const envelope = doc.documentElement;
        const header = (0, saml_claims_1.elementChildren)(envelope, SOAP12, 'Header')[0];
        const security = header && (0, saml_claims_1.elementChildren)(header, WSSE, 'Security')[0];
        const assertions = security ? (0, saml_claims_1.elementChildren)(security, saml_claims_1.SAML2, 'Assertion') : [];
        if (!assertions.length) {
            if (this.cfg.XUA_MODE === 'required')
                throw new xua_rejection_1.XuaRejection('missing', 'A signed XUA SAML assertion is required');
            return DEFAULT_RESULT;
        }
        if (assertions.length > 1)
            throw new xua_rejection_1.XuaRejection('malformed', 'More than one SAML assertion in wsse:Security');
        const assertion = assertions[0];
        const id = assertion.getAttribute('ID');
        const signature = (0, saml_claims_1.elementChildren)(assertion, DSIG, 'Signature')[0];
        if (!signature)
            throw new xua_rejection_1.XuaRejection('unsigned', 'The SAML assertion is not signed');
        if (!id)
            throw new xua_rejection_1.XuaRejection('malformed', 'The SAML assertion has no ID');
        const signedXml = this.checkSignature(signature, envelopeXml);
        const signedDoc = this.parse(signedXml);
        const signed = signedDoc.documentElement;
        if (signed.localName !== 'Assertion' || signed.namespaceURI !== saml_claims_1.SAML2 || signed.getAttribute('ID') !== id) {
            throw new xua_rejection_1.XuaRejection('bad-signature', 'The signature does not cover the SAML assertion');
        }
        if (countIds(doc.documentElement, id) !== 1) {
            throw new xua_rejection_1.XuaRejection('bad-signature', 'The signed assertion ID is not unique in the message');
        }
        this.checkConditions(signed, now);
        const claims = (0, saml_claims_1.readSamlClaims)(signed);
        return { identity: claims.identity, resourceId: claims.resourceId };
    }
    parse(xml) {
        try {
            return new xmldom_1.DOMParser({
                onError: (level, msg) => {
                    if (level !== 'warning')
                        throw new Error(msg);
                },
            }).parseFromString(xml, 'text/xml');
        }
        catch {
            throw new xua_rejection_1.XuaRejection('malformed', 'The security header could not be read');
        }
    }
    /** Returns the canonical XML the signature covers, or throws when no trusted key verifies it. */
    checkSignature(signature, envelopeXml) {
        for (const cert of this.certs) {
            const sig = new xml_crypto_1.SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
            try {
                sig.loadSignature(signature);
                if (!sig.checkSignature(envelopeXml))
                    continue;
                const refs = sig.getSignedReferences();
                if (refs.length !== 1)
                    throw new xua_rejection_1.XuaRejection('bad-signature', 'The assertion signature must have exactly one reference');
                return refs[0];
            }
            catch (e) {
                if (e instanceof xua_rejection_1.XuaRejection)
                    throw e;
                // a failed check with one key: try the next trusted certificate
            }
        }
        throw new xua_rejection_1.XuaRejection('bad-signature', 'The SAML assertion signature is not valid for any trusted issuer');
    }
    checkConditions(assertion, now) {
        const conditions = (0, saml_claims_1.elementChildren)(assertion, saml_claims_1.SAML2, 'Conditions')[0];
        if (!conditions)
            throw new xua_rejection_1.XuaRejection('expired', 'The SAML assertion has no validity window (Conditions)');
        const skewMs = this.cfg.XUA_CLOCK_SKEW_S * 1000;
        const t = now.getTime();
        const notBefore = conditions.getAttribute('NotBefore');
        const notOnOrAfter = conditions.getAttribute('NotOnOrAfter');
        if (notBefore) {
            const nb = Date.parse(notBefore);
            if (Number.isNaN(nb))
                throw new xua_rejection_1.XuaRejection('malformed', 'Unreadable NotBefore');
            if (t + skewMs < nb)
                throw new xua_rejection_1.XuaRejection('expired', 'The SAML assertion is not yet valid');
        }
        if (notOnOrAfter) {
            const na = Date.parse(notOnOrAfter);
            if (Number.isNaN(na))
                throw new xua_rejection_1.XuaRejection('malformed', 'Unreadable NotOnOrAfter');
            if (t - skewMs >= na)
                throw new xua_rejection_1.XuaRejection('expired', 'The SAML assertion has expired');
        }
        if (this.cfg.XUA_AUDIENCE.length) {
            const audiences = (0, saml_claims_1.elementChildren)(conditions, saml_claims_1.SAML2, 'AudienceRestriction').flatMap((r) => (0, saml_claims_1.elementChildren)(r, saml_claims_1.SAML2, 'Audience').map((a) => a.textContent?.trim() ?? ''));
            if (!audiences.some((a) => this.cfg.XUA_AUDIENCE.includes(a))) {
                throw new xua_rejection_1.XuaRejection('audience', 'The SAML assertion is not addressed to this gateway (Audience)');
            }
        }
    }
};
exports.XuaVerifier = XuaVerifier;
exports.XuaVerifier = XuaVerifier = XuaVerifier_1 = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [xua_config_1.XuaConfig])
], XuaVerifier);
function countIds(root, id) {
    let n = 0;
    const stack = [root];
    while (stack.length) {
        const el = stack.pop();
        const attrs = el.attributes;
        if (attrs) {
            for (let i = 0; i < attrs.length; i++) {
                const a = attrs[i];
                if ((a.localName === 'ID' || a.localName === 'Id' || a.localName === 'id') && a.value === id)
                    n++;
            }
        }
        stack.push(...(0, saml_claims_1.elementChildren)(el));
    }
    return n;
}
//# sourceMappingURL=xua-verifier.service.js.map