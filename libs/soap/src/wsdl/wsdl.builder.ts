import { escapeAttr } from '@gw/xml-escape';
import type { IheRoute } from '../routing/ihe-dispatcher.service';

interface OperationShape {
  operation: string;
  input: { ns: string; local: string };
  output: { ns: string; local: string };
  outputAction: string;
}

const HL7 = 'urn:hl7-org:v3';
const QUERY = 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0';
const XDSB = 'urn:ihe:iti:xds-b:2007';

/** WSDL operation names and response elements of the IHE services (as in the IHE-published WSDLs). */
const OPERATIONS: Record<string, OperationShape> = {
  'urn:hl7-org:v3:PRPA_IN201305UV02': {
    operation: 'PDQSupplier_PRPA_IN201305UV02',
    input: { ns: HL7, local: 'PRPA_IN201305UV02' },
    output: { ns: HL7, local: 'PRPA_IN201306UV02' },
    outputAction: 'urn:hl7-org:v3:PRPA_IN201306UV02',
  },
  'urn:hl7-org:v3:QUQI_IN000003UV01_Continue': {
    // IHE's WSDL answers a continuation with PRPA_IN201306UV02; this supplier never leaves results
    // to continue, so it answers with an application acknowledgement, and says so here.
    operation: 'PDQSupplier_QUQI_IN000003UV01_Continue',
    input: { ns: HL7, local: 'QUQI_IN000003UV01' },
    output: { ns: HL7, local: 'MCCI_IN000002UV01' },
    outputAction: 'urn:hl7-org:v3:MCCI_IN000002UV01',
  },
  'urn:hl7-org:v3:QUQI_IN000003UV01_Cancel': {
    operation: 'PDQSupplier_QUQI_IN000003UV01_Cancel',
    input: { ns: HL7, local: 'QUQI_IN000003UV01' },
    output: { ns: HL7, local: 'MCCI_IN000002UV01' },
    outputAction: 'urn:hl7-org:v3:MCCI_IN000002UV01',
  },
  'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery': {
    operation: 'RespondingGateway_PRPA_IN201305UV02',
    input: { ns: HL7, local: 'PRPA_IN201305UV02' },
    output: { ns: HL7, local: 'PRPA_IN201306UV02' },
    outputAction: 'urn:hl7-org:v3:PRPA_IN201306UV02:CrossGatewayPatientDiscovery',
  },
  'urn:ihe:iti:2007:CrossGatewayQuery': {
    operation: 'RespondingGateway_CrossGatewayQuery',
    input: { ns: QUERY, local: 'AdhocQueryRequest' },
    output: { ns: QUERY, local: 'AdhocQueryResponse' },
    outputAction: 'urn:ihe:iti:2007:CrossGatewayQueryResponse',
  },
  'urn:ihe:iti:2007:CrossGatewayRetrieve': {
    operation: 'RespondingGateway_CrossGatewayRetrieve',
    input: { ns: XDSB, local: 'RetrieveDocumentSetRequest' },
    output: { ns: XDSB, local: 'RetrieveDocumentSetResponse' },
    outputAction: 'urn:ihe:iti:2007:CrossGatewayRetrieveResponse',
  },
  'urn:ihe:iti:2007:RegistryStoredQuery': {
    operation: 'DocumentRegistry_RegistryStoredQuery',
    input: { ns: QUERY, local: 'AdhocQueryRequest' },
    output: { ns: QUERY, local: 'AdhocQueryResponse' },
    outputAction: 'urn:ihe:iti:2007:RegistryStoredQueryResponse',
  },
  'urn:ihe:iti:2007:RetrieveDocumentSet': {
    operation: 'DocumentRepository_RetrieveDocumentSet',
    input: { ns: XDSB, local: 'RetrieveDocumentSetRequest' },
    output: { ns: XDSB, local: 'RetrieveDocumentSetResponse' },
    outputAction: 'urn:ihe:iti:2007:RetrieveDocumentSetResponse',
  },
};

function shapeFor(route: IheRoute, action: string): OperationShape | undefined {
  const known = OPERATIONS[action];
  if (known) return known;
  const input = route.options.payload;
  const outputAction = route.options.responseActions?.[action];
  if (!input || !outputAction) return undefined;
  const name = action.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return { operation: name, input, output: input, outputAction };
}

/**
 * A WSDL 1.1 document with a SOAP 1.2 document/literal binding for the operations served at one
 * endpoint. Payload elements are declared open (xs:any) so clients can generate stubs without
 * fetching the HL7 v3 / ebXML schemas; the gateway validates the payload itself.
 */
export function buildWsdl(serviceName: string, routes: IheRoute[], location: string): string {
  const ops: Array<OperationShape & { action: string }> = [];
  for (const r of routes)
    for (const a of r.options.actions) {
      const s = shapeFor(r, a);
      if (s && !ops.some((o) => o.operation === s.operation)) ops.push({ ...s, action: a });
    }
  const byNs = new Map<string, Set<string>>();
  for (const o of ops)
    for (const el of [o.input, o.output]) {
      const set = byNs.get(el.ns) ?? new Set<string>();
      set.add(el.local);
      byNs.set(el.ns, set);
    }
  const prefixes = new Map<string, string>([...byNs.keys()].map((ns, i) => [ns, `p${i}`]));
  const tns = `urn:gw:wsdl:${serviceName}`;
  const schemas = [...byNs.entries()]
    .map(
      ([ns, locals]) =>
        `<xs:schema targetNamespace="${escapeAttr(ns)}" elementFormDefault="qualified">` +
        `<xs:complexType name="OpenPayload"><xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded" namespace="##any"/></xs:sequence><xs:anyAttribute processContents="lax"/></xs:complexType>` +
        [...locals].map((l) => `<xs:element name="${l}" type="${prefixes.get(ns)}:OpenPayload"/>`).join('') +
        `</xs:schema>`,
    )
    .join('');
  const nsDecls = [...prefixes.entries()].map(([ns, p]) => ` xmlns:${p}="${escapeAttr(ns)}"`).join('');
  const messages = ops
    .flatMap((o) => [
      `<wsdl:message name="${o.operation}_Request"><wsdl:part name="Body" element="${prefixes.get(o.input.ns)}:${o.input.local}"/></wsdl:message>`,
      `<wsdl:message name="${o.operation}_Response"><wsdl:part name="Body" element="${prefixes.get(o.output.ns)}:${o.output.local}"/></wsdl:message>`,
    ])
    .join('');
  const portOps = ops
    .map(
      (o) =>
        `<wsdl:operation name="${o.operation}"><wsdl:input message="tns:${o.operation}_Request" wsaw:Action="${escapeAttr(o.action)}"/>` +
        `<wsdl:output message="tns:${o.operation}_Response" wsaw:Action="${escapeAttr(o.outputAction)}"/></wsdl:operation>`,
    )
    .join('');
  const bindingOps = ops
    .map(
      (o) =>
        `<wsdl:operation name="${o.operation}"><soap12:operation soapAction="${escapeAttr(o.action)}"/>` +
        `<wsdl:input><soap12:body use="literal"/></wsdl:input><wsdl:output><soap12:body use="literal"/></wsdl:output></wsdl:operation>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<wsdl:definitions name="${serviceName}" targetNamespace="${tns}" xmlns:tns="${tns}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" ` +
    `xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" xmlns:xs="http://www.w3.org/2001/XMLSchema"${nsDecls}>` +
    `<wsdl:types>${schemas}</wsdl:types>${messages}` +
    `<wsdl:portType name="${serviceName}_PortType">${portOps}</wsdl:portType>` +
    `<wsdl:binding name="${serviceName}_Binding_Soap12" type="tns:${serviceName}_PortType">` +
    `<wsaw:UsingAddressing/><soap12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps}</wsdl:binding>` +
    `<wsdl:service name="${serviceName}_Service"><wsdl:port name="${serviceName}_Port_Soap12" binding="tns:${serviceName}_Binding_Soap12">` +
    `<soap12:address location="${escapeAttr(location)}"/></wsdl:port></wsdl:service></wsdl:definitions>\n`
  );
}
