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
var SoapEdgeService_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.SoapEdgeService = void 0;
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const auth_1 = require("../../../auth/src/index.js");
const observability_1 = require("../../../observability/src/index.js");
const ihe_dispatcher_service_1 = require("../routing/ihe-dispatcher.service");
const soap_config_1 = require("../soap.config");
const soap_fault_1 = require("../soap-fault");
const soap_constants_1 = require("../soap.constants");
const content_type_util_1 = require("../http/content-type.util");
const charset_util_1 = require("../http/charset.util");
const mtom_parser_1 = require("../mtom/mtom-parser");
const mtom_builder_1 = require("../mtom/mtom-builder");
const parse_xml_1 = require("../xml/parse-xml");
const xml_element_1 = require("../xml/xml-element");
const soap_envelope_1 = require("../envelope/soap-envelope");
const envelope_builder_1 = require("../envelope/envelope-builder");
const reply_to_sender_1 = require("./reply-to.sender");
const soap_constants_2 = require("../soap.constants");
const XUA_SUBCODE = {
    missing: soap_fault_1.SUBCODES.invalidSecurity,
    unsigned: soap_fault_1.SUBCODES.invalidSecurity,
    malformed: soap_fault_1.SUBCODES.invalidSecurityToken,
    'bad-signature': soap_fault_1.SUBCODES.failedAuthentication,
    expired: soap_fault_1.SUBCODES.messageExpired,
    audience: soap_fault_1.SUBCODES.failedCheck,
};
const ACCEPTED_TYPES = new Set(['application/soap+xml', 'multipart/related', 'text/xml', 'application/xml', 'application/xop+xml']);
const requests = (0, observability_1.counter)('gw_soap_requests_total', 'SOAP requests by transaction and outcome', ['transaction', 'outcome']);
const latency = (0, observability_1.histogram)('gw_soap_request_seconds', 'SOAP request latency by transaction', ['transaction']);
/**
 * The SOAP 1.2 edge: bytes in, bytes out. Accepts plain SOAP and MTOM in any declared charset,
 * routes by wsa:Action to the `@IheTransaction` handlers, verifies XUA, and always answers with a
 * SOAP envelope — a Fault for anything it cannot interpret, never a stack trace or a bare 500.
 */
let SoapEdgeService = SoapEdgeService_1 = class SoapEdgeService {
    cfg;
    dispatcher;
    xua;
    replyTo;
    logger = new common_1.Logger(SoapEdgeService_1.name);
    constructor(cfg, dispatcher, xua, replyTo) {
        this.cfg = cfg;
        this.dispatcher = dispatcher;
        this.xua = xua;
        this.replyTo = replyTo;
    }
    async handle(req) {
        const ctx = { requestId: (0, node_crypto_1.randomUUID)() };
        const started = process.hrtime.bigint();
        try {
            const res = await this.process(req, ctx);
            requests.inc({ transaction: ctx.route?.options.transaction ?? 'unknown', outcome: String(res.status) });
            return res;
        }
        catch (e) {
            const fault = this.toFault(e, ctx);
            requests.inc({ transaction: ctx.route?.options.transaction ?? 'unknown', outcome: `fault-${fault.code}` });
            return this.faultResponse(fault, ctx);
        }
        finally {
            latency.observe({ transaction: ctx.route?.options.transaction ?? 'unknown' }, Number(process.hrtime.bigint() - started) / 1e9);
        }
    }
    /** A fault response for failures outside handle() (e.g. the body-size limit in the controller). */
    faultResponse(fault, ctx = {}, status = fault.httpStatus) {
        const envelope = (0, envelope_builder_1.buildEnvelope)({ action: soap_constants_2.WSA_FAULT_ACTION, relatesTo: ctx.messageId }, (0, envelope_builder_1.buildFaultBody)(fault));
        if (ctx.route?.options.mtom) {
            const mtom = (0, mtom_builder_1.buildMtom)(envelope, [], soap_constants_2.WSA_FAULT_ACTION);
            return { status, contentType: mtom.contentType, body: mtom.body, headers: { 'MIME-Version': '1.0' } };
        }
        return { status, contentType: `application/soap+xml; charset=utf-8; action="${soap_constants_2.WSA_FAULT_ACTION}"`, body: Buffer.from(envelope, 'utf8') };
    }
    async process(req, ctx) {
        if (req.endpoint !== undefined && !this.dispatcher.hasEndpoint(req.endpoint)) {
            return this.faultResponse(soap_fault_1.SoapFault.sender(`No SOAP service at this path`), ctx, 404);
        }
        const ct = (0, content_type_util_1.parseContentType)(req.contentType);
        if (!ACCEPTED_TYPES.has(ct.type)) {
            return this.faultResponse(soap_fault_1.SoapFault.sender(`Unsupported Content-Type '${ct.type || '(none)'}'; send application/soap+xml or multipart/related (MTOM)`), ctx, 415);
        }
        if (!req.body.length)
            throw soap_fault_1.SoapFault.sender('Empty request body');
        // 1. Bytes → envelope text (MTOM root part or the whole body), by the declared charset.
        let xmlBytes = req.body;
        let charset = ct.params["charset"];
        let attachments = new Map();
        if (ct.type === 'multipart/related' || /^\s*--/.test(req.body.subarray(0, 64).toString('latin1'))) {
            const mtom = (0, mtom_parser_1.parseMtom)(req.body, req.contentType);
            if (mtom) {
                xmlBytes = mtom.root.body;
                charset = mtom.rootCharset;
                attachments = mtom.attachments;
                if (mtom.rootNotXop)
                    this.logger.warn(`[${ctx.requestId}] MTOM root part is not application/xop+xml; accepted`);
            }
        }
        const xml = (0, charset_util_1.decodeXmlBytes)(xmlBytes, charset);
        // 2. Parse (DOCTYPE refused before parsing, depth and size bounded) and read the envelope.
        const root = (0, parse_xml_1.parseXml)(xml, { maxDepth: this.cfg.SOAP_MAX_XML_DEPTH, maxElements: 2_000_000 });
        if (ct.type === 'text/xml' && root.ns === soap_constants_1.NS.soap11)
            throw new soap_fault_1.SoapFault('VersionMismatch', 'SOAP 1.1 is not supported; send SOAP 1.2');
        const env = (0, soap_envelope_1.readEnvelope)(root);
        ctx.messageId = env.messageId;
        // 3. Action and route.
        const headerAction = ct.params['action'];
        if (env.action && headerAction && env.action !== headerAction) {
            throw soap_fault_1.SoapFault.sender('The Content-Type action parameter does not match wsa:Action', { ns: soap_constants_1.NS.wsa, local: 'ActionMismatch' });
        }
        const action = env.action ?? headerAction;
        if (!action)
            throw soap_fault_1.SoapFault.sender('wsa:Action is required', soap_fault_1.SUBCODES.addressingHeaderRequired);
        if (!env.messageId) {
            if (this.cfg.WSA_REQUIRE_MESSAGE_ID)
                throw soap_fault_1.SoapFault.sender('wsa:MessageID is required', soap_fault_1.SUBCODES.addressingHeaderRequired);
            this.logger.warn(`[${ctx.requestId}] request without wsa:MessageID; answering without RelatesTo`);
        }
        const route = this.dispatcher.route(action, req.endpoint);
        if (!route)
            throw soap_fault_1.SoapFault.sender(`The action '${action}' is not supported at this endpoint`, soap_fault_1.SUBCODES.actionNotSupported);
        ctx.route = route;
        const expected = route.options.payload;
        if (expected && (env.payload.ns !== expected.ns || env.payload.local !== expected.local)) {
            throw soap_fault_1.SoapFault.sender(`The Body payload does not match the action '${action}'`, soap_fault_1.SUBCODES.actionNotSupported);
        }
        this.checkXopIncludes(env, attachments);
        // 4. ReplyTo: anonymous → synchronous; allow-listed → 202 then callback; anything else → fault.
        const asyncTo = env.replyTo;
        if (asyncTo && !this.cfg.WSA_REPLYTO_ALLOWLIST.includes(asyncTo)) {
            throw soap_fault_1.SoapFault.sender('Only the anonymous ReplyTo address is supported for this caller', soap_fault_1.SUBCODES.onlyAnonymousAddressSupported);
        }
        // 5. XUA.
        const identity = this.verifyXua(env, xml);
        const request = {
            transaction: route.options.transaction,
            action,
            messageId: env.messageId,
            to: env.to,
            body: env.payload,
            attachments,
            identity,
            requestId: ctx.requestId,
        };
        if (asyncTo) {
            void this.runAsync(route, request, asyncTo, ctx);
            return { status: 202, body: Buffer.alloc(0) };
        }
        const reply = await route.handler.handle(request);
        return this.replyResponse(reply, route, ctx.messageId);
    }
    verifyXua(env, xml) {
        if (this.xua.mode === 'off')
            return { source: 'default' };
        const hasAssertion = !!env.security && (0, xml_element_1.descendants)(env.security, soap_constants_1.NS.saml2, 'Assertion').length > 0;
        if (!hasAssertion && this.xua.mode === 'validate-if-present')
            return { source: 'default' };
        return this.xua.verify(xml).identity;
    }
    /** Every xop:Include must point at a part that was sent (a dangling cid is a Sender fault). */
    checkXopIncludes(env, attachments) {
        for (const inc of (0, xml_element_1.descendants)(env.payload, soap_constants_1.NS.xop, 'Include')) {
            const href = (0, xml_element_1.attr)(inc, 'href');
            if (!href || !attachments.has((0, mtom_parser_1.cidFromHref)(href)))
                throw soap_fault_1.SoapFault.sender('xop:Include refers to a MIME part that was not sent');
        }
    }
    replyResponse(reply, route, relatesTo, to) {
        const envelope = (0, envelope_builder_1.buildEnvelope)({ action: reply.action, relatesTo, to }, reply.bodyXml);
        if (reply.attachments?.length || route.options.mtom) {
            const mtom = (0, mtom_builder_1.buildMtom)(envelope, reply.attachments ?? [], reply.action);
            return { status: 200, contentType: mtom.contentType, body: mtom.body, headers: { 'MIME-Version': '1.0' } };
        }
        return { status: 200, contentType: `application/soap+xml; charset=utf-8; action="${reply.action}"`, body: Buffer.from(envelope, 'utf8') };
    }
    /** Runs the handler after the 202 and POSTs the response (or fault) to the allow-listed ReplyTo. */
    async runAsync(route, request, address, ctx) {
        let res;
        try {
            const reply = await route.handler.handle(request);
            res = this.replyResponse(reply, route, ctx.messageId, address);
        }
        catch (e) {
            res = this.faultResponse(this.toFault(e, ctx), ctx);
        }
        await this.replyTo.send(address, res, ctx.requestId);
    }
    toFault(e, ctx) {
        if (e instanceof soap_fault_1.SoapFault) {
            this.logger.warn(`[${ctx.requestId}] SOAP fault ${e.code}${e.subcode ? '/' + e.subcode.local : ''}: ${e.reason}`);
            return e;
        }
        if (e instanceof parse_xml_1.XmlRejectedError) {
            this.logger.warn(`[${ctx.requestId}] XML refused (${e.kind})`);
            const reason = e.kind === 'doctype'
                ? 'DTDs and entity declarations are not allowed in SOAP messages'
                : e.kind === 'malformed'
                    ? 'The message is not well-formed XML'
                    : 'The message exceeds the XML size or nesting limits';
            return soap_fault_1.SoapFault.sender(reason);
        }
        if (e instanceof mtom_parser_1.MtomError) {
            this.logger.warn(`[${ctx.requestId}] MTOM refused: ${e.message}`);
            return soap_fault_1.SoapFault.sender(`The MTOM/multipart message could not be read: ${e.message}`);
        }
        if (e instanceof charset_util_1.UnsupportedCharsetError)
            return soap_fault_1.SoapFault.sender(`Unsupported charset '${e.charset}'`);
        if (e instanceof auth_1.XuaRejection) {
            this.logger.warn(`[${ctx.requestId}] XUA refused (${e.reason})`);
            return soap_fault_1.SoapFault.sender(e.message, XUA_SUBCODE[e.reason]);
        }
        this.logger.error(`[${ctx.requestId}] internal error in ${ctx.route?.options.transaction ?? 'SOAP edge'}: ${e?.stack ?? String(e)}`);
        return soap_fault_1.SoapFault.receiver(`Internal error; reference ${ctx.requestId}`);
    }
};
exports.SoapEdgeService = SoapEdgeService;
exports.SoapEdgeService = SoapEdgeService = SoapEdgeService_1 = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [soap_config_1.SoapConfig,
        ihe_dispatcher_service_1.IheDispatcher,
        auth_1.XuaVerifier,
        reply_to_sender_1.ReplyToSender])
], SoapEdgeService);
//# sourceMappingURL=soap-edge.service.js.map