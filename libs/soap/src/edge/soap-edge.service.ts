import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { MessageReplayGuard, XuaRejection, XuaVerifier, type HttpHeaders, type XuaRejectionReason, type XuaRequestResult } from '@gw/xua';
import { AuditService } from '@gw/audit';
import { counter, histogram, maskCallerText, maskIdentifiers, withSpan } from '@gw/observability';
import { IheDispatcher, type IheRoute } from '../routing/ihe-dispatcher.service';
import { SoapConfig } from '../soap.config';
import { SoapFault, SUBCODES, type SoapFaultSubcode } from '../soap-fault';
import { NS } from '../soap.constants';
import { parseContentType } from '../http/content-type.util';
import { isSoapMediaType } from '../http/soap-media-types';
import { decodeXmlBytes, UnsupportedCharsetError } from '../http/charset.util';
import { cidFromHref, MtomError, parseMtom } from '../mtom/mtom-parser';
import { buildMtom } from '../mtom/mtom-builder';
import { XmlRejectedError, type ParsedXml, type XmlParseLimits } from '../xml/parse-xml';
import { attr, child, children, descendants, text } from '../xml/xml-element';
import { standaloneSource } from '../xml/element-source';
import { readEnvelope, type ParsedEnvelope } from '../envelope/soap-envelope';
import { buildEnvelope } from '../envelope/envelope-builder';
import type { SoapReply, SoapRequest } from '../soap-handler';
import { ReplyToSender } from './reply-to.sender';
import type { SoapHttpRequest, SoapHttpResponse } from './soap-http';
import { soapFaultResponse } from './soap-fault-response';
import { SoapXmlParser } from '../parse-pool/soap-xml-parser';
import { ParsePoolBusyError, ParseWorkerFailedError } from '../parse-pool/xml-parse-pool';

const XUA_SUBCODE: Record<XuaRejectionReason, SoapFaultSubcode> = {
  missing: SUBCODES.invalidSecurity,
  unsigned: SUBCODES.invalidSecurity,
  malformed: SUBCODES.invalidSecurityToken,
  'bad-signature': SUBCODES.failedAuthentication,
  expired: SUBCODES.messageExpired,
  'weak-algorithm': SUBCODES.unsupportedAlgorithm,
  'unsupported-token': SUBCODES.unsupportedSecurityToken,
  'invalid-token': SUBCODES.invalidSecurityToken,
  'no-proof': SUBCODES.failedAuthentication,
  audience: SUBCODES.failedCheck,
  'unknown-partner': SUBCODES.failedAuthentication,
  incomplete: SUBCODES.failedCheck,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const requests = counter('gw_soap_requests_total', 'SOAP requests by transaction and outcome', ['transaction', 'outcome'] as const);
const latency = histogram('gw_soap_request_seconds', 'SOAP request latency by transaction', ['transaction'] as const);

interface Context {
  requestId: string;
  messageId?: string;
  route?: IheRoute;
  /** Answer faults as MTOM too (the endpoint or route always answers MTOM, e.g. ITI-39). */
  mtom?: boolean;
}

/**
 * The SOAP 1.2 edge: bytes in, bytes out. Accepts plain SOAP and MTOM in any declared charset,
 * routes by wsa:Action to the `@IheTransaction` handlers, verifies XUA, and always answers with a
 * SOAP envelope — a Fault for anything it cannot interpret, never a stack trace or a bare 500.
 */
@Injectable()
export class SoapEdgeService {
  private readonly logger = new Logger(SoapEdgeService.name);

  constructor(
    private readonly cfg: SoapConfig,
    private readonly dispatcher: IheDispatcher,
    private readonly xua: XuaVerifier,
    private readonly replyTo: ReplyToSender,
    private readonly replay: MessageReplayGuard,
    private readonly audit: AuditService,
    private readonly parser: SoapXmlParser,
  ) {}

  async handle(req: SoapHttpRequest): Promise<SoapHttpResponse> {
    // Only a UUID is reused: a caller-chosen id could be anything, patient identifiers included.
    const ctx: Context = { requestId: req.requestId && UUID.test(req.requestId) ? req.requestId : randomUUID() };
    const started = process.hrtime.bigint();
    try {
      const res = await this.process(req, ctx);
      requests.inc({ transaction: ctx.route?.options.transaction ?? 'unknown', outcome: String(res.status) });
      return res;
    } catch (e) {
      const fault = this.toFault(e, ctx);
      requests.inc({ transaction: ctx.route?.options.transaction ?? 'unknown', outcome: `fault-${fault.code}` });
      if (!(e instanceof ParsePoolBusyError)) return this.refuse(fault, ctx);
      // Retryable, as the heap guard answers: nothing of the request was acted on.
      const busy = this.refuse(fault, ctx, 503);
      return { ...busy, headers: { ...busy.headers, 'Retry-After': '1' } };
    } finally {
      latency.observe({ transaction: ctx.route?.options.transaction ?? 'unknown' }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private faultResponse(fault: SoapFault, ctx: Context, status = fault.httpStatus): SoapHttpResponse {
    return soapFaultResponse(fault, { relatesTo: ctx.messageId, mtom: ctx.route?.options.mtom || ctx.mtom, status });
  }

  /** A fault response, audited: a refusal (a security fault above all) is as much a disclosure decision as an answer. */
  private refuse(fault: SoapFault, ctx: Context, status = fault.httpStatus): SoapHttpResponse {
    this.audit.record({
      transaction: ctx.route?.options.transaction ?? 'SOAP',
      requestId: ctx.requestId,
      outcome: 'refused',
      requester: { source: 'default' },
      detail: `fault:${fault.code}${fault.subcode ? '/' + fault.subcode.local : ''}`,
    });
    return this.faultResponse(fault, ctx, status);
  }

  private async process(req: SoapHttpRequest, ctx: Context): Promise<SoapHttpResponse> {
    if (req.endpoint !== undefined && !this.dispatcher.hasEndpoint(req.endpoint)) {
      return this.refuse(SoapFault.sender(`No SOAP service at this path`), ctx, 404);
    }
    if (req.endpoint !== undefined) ctx.mtom = this.dispatcher.routesForEndpoint(req.endpoint).some((r) => r.options.mtom);
    const ct = parseContentType(req.contentType);
    if (!isSoapMediaType(ct.type)) {
      return this.refuse(
        SoapFault.sender(`Unsupported Content-Type '${ct.type || '(none)'}'; send application/soap+xml or multipart/related (MTOM)`),
        ctx,
        415,
      );
    }
    if (!req.body.length) throw SoapFault.sender('Empty request body');

    // 1. Bytes → envelope text (MTOM root part or the whole body), by the declared charset.
    let xmlBytes = req.body;
    let charset: string | undefined = ct.params['charset'];
    let attachments = new Map<string, Buffer>();
    if (ct.type === 'multipart/related' || /^\s*--/.test(req.body.subarray(0, 64).toString('latin1'))) {
      const mtom = parseMtom(req.body, req.contentType);
      if (mtom) {
        xmlBytes = mtom.root.body;
        charset = mtom.rootCharset;
        attachments = mtom.attachments;
        if (mtom.rootNotXop) this.logger.warn(`[${ctx.requestId}] MTOM root part is not application/xop+xml; accepted`);
      }
    }
    const xml = decodeXmlBytes(xmlBytes, charset);

    // 2. Parse once (DOCTYPE refused before parsing, every limit checked while parsing) and read the
    //    envelope. With XUA on, the same pass records where the assertion is and counts IDs.
    const xuaOn = this.xua.mode !== 'off';
    const doc = await this.parser.parse(xml, {
      limits: this.limits(),
      track: xuaOn
        ? { ns: NS.saml2, local: 'Assertion', maxLength: this.cfg.SOAP_MAX_SAML_ASSERTION_LENGTH, label: 'SAML assertion' }
        : undefined,
      countIds: xuaOn,
    });
    const root = doc.root;
    if (ct.type === 'text/xml' && root.ns === NS.soap11) throw new SoapFault('VersionMismatch', 'SOAP 1.1 is not supported; send SOAP 1.2');
    const env = readEnvelope(root);
    ctx.messageId = env.messageId;

    // 3. Action and route.
    const headerAction = ct.params['action'];
    if (env.action && headerAction && env.action !== headerAction) {
      throw SoapFault.addressing(
        'The Content-Type action parameter does not match wsa:Action',
        { ns: NS.wsa, local: 'ActionMismatch' },
        { action: env.action },
      );
    }
    const action = env.action ?? headerAction;
    if (!action) throw SoapFault.addressing('wsa:Action is required', SUBCODES.addressingHeaderRequired, { header: 'a:Action' });
    if (!env.messageId) {
      if (this.cfg.WSA_REQUIRE_MESSAGE_ID)
        throw SoapFault.addressing('wsa:MessageID is required', SUBCODES.addressingHeaderRequired, { header: 'a:MessageID' });
      this.logger.warn(`[${ctx.requestId}] request without wsa:MessageID; answering without RelatesTo`);
    }
    const route = this.dispatcher.route(action, req.endpoint);
    if (!route)
      throw SoapFault.addressing(`The action '${action}' is not supported at this endpoint`, SUBCODES.actionNotSupported, { action });
    ctx.route = route;
    const expected = route.options.payloadByAction?.[action] ?? route.options.payload;
    if (expected && (env.payload.ns !== expected.ns || env.payload.local !== expected.local)) {
      throw SoapFault.addressing(`The Body payload does not match the action '${action}'`, SUBCODES.actionNotSupported, { action });
    }
    this.checkXopIncludes(env, attachments);

    // 4. ReplyTo: anonymous → synchronous; allow-listed → 202 then callback; anything else → fault.
    const asyncTo = env.replyTo;
    if (asyncTo && !this.cfg.WSA_REPLYTO_ALLOWLIST.includes(asyncTo)) {
      throw SoapFault.addressing(
        'Only the anonymous ReplyTo address is supported for this caller',
        SUBCODES.onlyAnonymousAddressSupported,
        {
          header: 'a:ReplyTo',
        },
      );
    }

    // 5. XUA, and a signed request's wsa:MessageID is one-shot.
    const xua = this.verifyXua(env, doc, xml, req.headers);
    await this.refuseReplay(xua, env.messageId, ctx);
    const identity = xua.identity;

    const request: SoapRequest = {
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
    const reply = await this.callHandler(route, request);
    return this.replyResponse(reply, route, ctx.messageId);
  }

  /** The handler call, in a span named for the transaction (attributes carry no patient data). */
  private callHandler(route: IheRoute, request: SoapRequest): Promise<SoapReply> {
    const attrs = { 'ihe.transaction': request.transaction, 'ihe.action': request.action, 'gw.request_id': request.requestId };
    return withSpan(`IHE ${request.transaction}`, attrs, () => this.dispatcher.dispatch(route, request));
  }

  private limits(): XmlParseLimits {
    return {
      maxDepth: this.cfg.SOAP_MAX_XML_DEPTH,
      maxElements: this.cfg.SOAP_MAX_XML_ELEMENTS,
      maxAttributesPerElement: this.cfg.SOAP_MAX_XML_ATTRIBUTES_PER_ELEMENT,
      maxAttributes: this.cfg.SOAP_MAX_XML_ATTRIBUTES,
      maxTextLength: this.cfg.SOAP_MAX_XML_TEXT_LENGTH,
    };
  }

  /**
   * XUA over the single parse: the verifier gets the assertion's own text (never the envelope), the
   * Timestamp and the message-wide ID counts, so nothing but the bounded assertion is parsed again.
   */
  private verifyXua(env: ParsedEnvelope, doc: ParsedXml, xml: string, headers: HttpHeaders | undefined): XuaRequestResult {
    if (this.xua.mode === 'off') return { identity: { source: 'default' } };
    const hasAssertion = !!env.security && descendants(env.security, NS.saml2, 'Assertion').length > 0;
    if (!hasAssertion && this.xua.mode === 'validate-if-present') return { identity: { source: 'default' } };
    const assertions = children(env.security, NS.saml2, 'Assertion').map((a) => standaloneSource(xml, a, doc.ranges.get(a)!));
    const expires = text(child(child(env.security, NS.wsu, 'Timestamp'), NS.wsu, 'Expires'));
    return this.xua.verifyRequest(
      { assertions, timestampExpires: expires || undefined, idOccurrences: (id) => doc.idCounts.get(id) ?? 0 },
      headers,
    );
  }

  /**
   * A second message with the wsa:MessageID of one already accepted under a verified assertion is a
   * replay (WS-Addressing: InvalidAddressingHeader on a:MessageID). The assertion itself may be reused.
   * When the replay store does not answer, the request is refused as retryable rather than let through.
   */
  private async refuseReplay(xua: XuaRequestResult, messageId: string | undefined, ctx: Context): Promise<void> {
    if (xua.identity.source !== 'saml' || !this.replay.enabled) return;
    if (!messageId) {
      throw SoapFault.addressing('wsa:MessageID is required with an XUA assertion', SUBCODES.addressingHeaderRequired, {
        header: 'a:MessageID',
      });
    }
    let first: boolean;
    try {
      first = await this.replay.firstSeen(messageId, xua.acceptedUntil);
    } catch {
      this.logger.warn(`[${ctx.requestId}] wsa:MessageID replay check unavailable (cache store not answering); refused as retryable`);
      throw SoapFault.receiver('The message could not be checked for replay just now; retry shortly');
    }
    if (!first) {
      throw SoapFault.addressing(
        'This wsa:MessageID was already received; every message needs a fresh MessageID',
        SUBCODES.invalidAddressingHeader,
        {
          header: 'a:MessageID',
        },
      );
    }
  }

  /** Every xop:Include must point at a part that was sent (a dangling cid is a Sender fault). */
  private checkXopIncludes(env: ParsedEnvelope, attachments: Map<string, Buffer>): void {
    for (const inc of descendants(env.payload, NS.xop, 'Include')) {
      const href = attr(inc, 'href');
      if (!href || !attachments.has(cidFromHref(href))) throw SoapFault.sender('xop:Include refers to a MIME part that was not sent');
    }
  }

  private replyResponse(reply: SoapReply, route: IheRoute, relatesTo: string | undefined, to?: string): SoapHttpResponse {
    const envelope = buildEnvelope({ action: reply.action, relatesTo, to }, reply.bodyXml);
    if (reply.attachments?.length || route.options.mtom) {
      const mtom = buildMtom(envelope, reply.attachments ?? [], reply.action);
      return { status: 200, contentType: mtom.contentType, body: mtom.body, headers: { 'MIME-Version': '1.0' } };
    }
    return {
      status: 200,
      contentType: `application/soap+xml; charset=utf-8; action="${reply.action}"`,
      body: Buffer.from(envelope, 'utf8'),
    };
  }

  /** Runs the handler after the 202 and POSTs the response (or fault) to the allow-listed ReplyTo. */
  private async runAsync(route: IheRoute, request: SoapRequest, address: string, ctx: Context): Promise<void> {
    let res: SoapHttpResponse;
    try {
      const reply = await this.callHandler(route, request);
      res = this.replyResponse(reply, route, ctx.messageId, address);
    } catch (e) {
      res = this.faultResponse(this.toFault(e, ctx), ctx);
    }
    await this.replyTo.send(address, res, ctx.requestId);
  }

  private toFault(e: unknown, ctx: Context): SoapFault {
    if (e instanceof SoapFault) {
      // Reasons may quote the request (an action, a header): masked like our own text.
      this.logger.warn(`[${ctx.requestId}] SOAP fault ${e.code}${e.subcode ? '/' + e.subcode.local : ''}: ${maskCallerText(e.reason)}`);
      return e;
    }
    if (e instanceof XmlRejectedError) {
      this.logger.warn(`[${ctx.requestId}] XML refused (${e.limit ?? e.kind})`);
      const reason =
        e.kind === 'doctype'
          ? 'DTDs and entity declarations are not allowed in SOAP messages'
          : e.kind === 'malformed'
            ? 'The message is not well-formed XML'
            : `The message exceeds a size limit: ${e.message}`;
      return SoapFault.sender(reason);
    }
    if (e instanceof MtomError) {
      this.logger.warn(`[${ctx.requestId}] MTOM refused: ${maskCallerText(e.message)}`);
      return SoapFault.sender(`The MTOM/multipart message could not be read: ${e.message}`);
    }
    if (e instanceof ParsePoolBusyError) {
      this.logger.warn(`[${ctx.requestId}] every XML parse worker is busy; refused as retryable`);
      return SoapFault.receiver('The gateway is busy with other large messages; retry this request shortly');
    }
    if (e instanceof ParseWorkerFailedError) {
      this.logger.error(`[${ctx.requestId}] XML parse worker ${e.reason}; worker replaced`);
      return SoapFault.receiver(`The message could not be parsed (internal error); reference ${ctx.requestId}`);
    }
    if (e instanceof UnsupportedCharsetError) return SoapFault.sender(`Unsupported charset '${e.charset}'`);
    if (e instanceof XuaRejection) {
      this.logger.warn(`[${ctx.requestId}] XUA refused (${e.reason})`);
      return SoapFault.sender(e.message, XUA_SUBCODE[e.reason]);
    }
    this.logger.error(
      `[${ctx.requestId}] internal error in ${ctx.route?.options.transaction ?? 'SOAP edge'}: ${maskIdentifiers((e as Error)?.stack ?? String(e))}`,
    );
    return SoapFault.receiver(`Internal error; reference ${ctx.requestId}`);
  }
}
