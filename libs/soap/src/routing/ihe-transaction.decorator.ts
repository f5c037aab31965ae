/**
 * How to write a handler
 * ----------------------
 * 1. Create an `@Injectable()` class implementing `IheHandler` (libs/soap/src/soap-handler.ts) and mark it:
 *
 *      @IheTransaction({
 *        transaction: 'ITI-38',
 *        actions: ['urn:ihe:iti:2007:CrossGatewayQuery'],
 *        endpoint: 'iti38',                 // served at POST /SOAP/iti38 (and POST /SOAP, routed by Action)
 *        service: 'RespondingGateway',      // which WSDL lists it (GET /SOAP/iti38?wsdl)
 *        payload: { ns: 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0', local: 'AdhocQueryRequest' },
 *        response: { ns: 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0', local: 'AdhocQueryResponse' },
 *        responseActions: { 'urn:ihe:iti:2007:CrossGatewayQuery': 'urn:ihe:iti:2007:CrossGatewayQueryResponse' },
 *        operations: { 'urn:ihe:iti:2007:CrossGatewayQuery': 'RespondingGateway_CrossGatewayQuery' },
 *      })
 *      @Injectable()
 *      export class Iti38Handler implements IheHandler { async handle(req: SoapRequest): Promise<SoapReply> {…} }
 *
 *    `payload` and `response` (the request and response elements) with `responseActions` type the
 *    operation in the endpoint's WSDL: the element is looked up in the schemas the gateway serves
 *    (libs/soap/schemas, by namespace; HL7 v3 by interaction name), so a new transaction is typed by
 *    declaring its two names.
 * 2. List the class in the `providers` of a module the gateway imports (PdqModule, XcaModule). The dispatcher
 *    finds it at boot; two handlers claiming one Action, or one endpoint claimed by two
 *    transactions, stop the boot.
 * 3. `handle()` receives the first child of soap:Body (namespace-resolved), the MTOM attachments and
 *    the requester identity, and returns the payload XML plus the response Action. The edge adds
 *    the envelope, WS-Addressing headers (Action, RelatesTo, MessageID) and MTOM framing when the
 *    reply has attachments (or `mtom: true` is declared here).
 * 4. Throw `SoapFault` only for protocol or security refusals. Business errors (no match, unknown
 *    document, upstream failure) are normal payloads: HL7 AE/NF or an ebXML RegistryError. Any
 *    other exception becomes a generic Receiver fault; its message is logged, never sent.
 */
import { DiscoveryService } from '@nestjs/core';

export type IheServiceName = 'RespondingGateway' | 'PDQSupplier' | 'XCPDRespondingGateway' | 'DocumentRegistry' | 'DocumentRepository';

/** A namespace-qualified element name. */
export interface QName {
  ns: string;
  local: string;
}

export interface IheTransactionOptions {
  /** ITI transaction, e.g. 'ITI-47'. */
  transaction: string;
  /** Request wsa:Action values this handler answers. */
  actions: string[];
  /** Path segment of its dedicated endpoint under /SOAP, e.g. 'iti47'. */
  endpoint: string;
  /** The WSDL service that describes this endpoint. */
  service: IheServiceName;
  /** Expected first child of soap:Body; a different payload gets an ActionNotSupported fault. Also the WSDL input element. */
  payload?: QName;
  /** Expected payload for particular actions, where one handler's actions carry different messages (PDQv3 continuation). */
  payloadByAction?: Record<string, QName>;
  /** The response's first child of soap:Body: the WSDL output element. */
  response?: QName;
  /** Response element for particular actions (a deferred or continuation request answered with MCCI_IN000002UV01). */
  responseByAction?: Record<string, QName>;
  /** Response Action per request Action, used in the WSDL (an action without one is not listed there). */
  responseActions?: Record<string, string>;
  /** WSDL operation name per request Action (as in the IHE-published WSDLs); default: derived from the Action. */
  operations?: Record<string, string>;
  /** Always answer multipart/related (MTOM/XOP), even with no attachments (ITI-39). */
  mtom?: boolean;
}

/** Class decorator that registers an IHE transaction handler with the SOAP dispatcher. */
export const IheTransaction = DiscoveryService.createDecorator<IheTransactionOptions>();
