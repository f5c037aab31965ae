"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.IheTransaction = void 0;
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
 *      })
 *      @Injectable()
 *      export class Iti38Handler implements IheHandler { async handle(req: SoapRequest): Promise<SoapReply> {…} }
 *
 * 2. List the class in the `providers` of a module the gateway imports (IheModule). The dispatcher
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
const core_1 = require("@nestjs/core");
/** Class decorator that registers an IHE transaction handler with the SOAP dispatcher. */
exports.IheTransaction = core_1.DiscoveryService.createDecorator();
//# sourceMappingURL=ihe-transaction.decorator.js.map