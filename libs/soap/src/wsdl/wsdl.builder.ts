import { escapeAttr } from '@gw/xml-escape';
import type { IheRoute } from '../routing/ihe-dispatcher.service';
import type { QName } from '../routing/ihe-transaction.decorator';

interface OperationShape {
  operation: string;
  action: string;
  input: QName;
  output: QName;
  outputAction: string;
}

/** The usual prefixes of the IHE namespaces, so WSDL QNames read as in the IHE-published WSDLs. */
const KNOWN_PREFIXES: Record<string, string> = {
  'urn:hl7-org:v3': 'hl7',
  'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0': 'query',
  'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0': 'rim',
  'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0': 'rs',
  'urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0': 'lcm',
  'urn:ihe:iti:xds-b:2007': 'xdsb',
};

/** Where the WSDL finds the schema of each element: a file below `baseUrl`, or none (declared open). */
export interface WsdlSchemas {
  /** Absolute URL of the served schema folder, ending in '/'. */
  baseUrl: string;
  fileFor(el: QName): string | undefined;
}

/** The operation of one request Action, from the transaction's `@IheTransaction` metadata. */
function shapeFor(route: IheRoute, action: string): OperationShape | undefined {
  const o = route.options;
  const input = o.payloadByAction?.[action] ?? o.payload;
  const output = o.responseByAction?.[action] ?? o.response;
  const outputAction = o.responseActions?.[action];
  if (!input || !output || !outputAction) return undefined;
  const operation = o.operations?.[action] ?? action.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return { operation, action, input, output, outputAction };
}

/**
 * One xs:schema per namespace in wsdl:types: the served files that declare its elements are
 * included (as the IHE-published WSDLs do), so a typed toolkit binds each part to the real HL7 v3,
 * ebRS or XDS.b element; an element with no served schema is declared open (xs:any).
 */
function typesSection(ops: OperationShape[], prefixes: Map<string, string>, schemas: WsdlSchemas | undefined): string {
  const byNs = new Map<string, Map<string, string | undefined>>();
  for (const o of ops)
    for (const el of [o.input, o.output]) {
      const locals = byNs.get(el.ns) ?? new Map<string, string | undefined>();
      locals.set(el.local, schemas?.fileFor(el));
      byNs.set(el.ns, locals);
    }
  return [...byNs.entries()]
    .map(([ns, locals]) => {
      const files = [...new Set([...locals.values()].filter((f): f is string => !!f))];
      const open = [...locals].filter(([, f]) => !f).map(([l]) => l);
      const includes = files.map((f) => `<xs:include schemaLocation="${escapeAttr(schemas!.baseUrl + f)}"/>`).join('');
      const openXml = open.length
        ? `<xs:complexType name="OpenPayload"><xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded" namespace="##any"/></xs:sequence><xs:anyAttribute processContents="lax"/></xs:complexType>` +
          open.map((l) => `<xs:element name="${l}" type="${prefixes.get(ns)}:OpenPayload"/>`).join('')
        : '';
      return `<xs:schema targetNamespace="${escapeAttr(ns)}" elementFormDefault="qualified">${includes}${openXml}</xs:schema>`;
    })
    .join('');
}

/**
 * A WSDL 1.1 document with a SOAP 1.2 document/literal binding for the operations served at one
 * endpoint, built from the routes' `@IheTransaction` metadata (request and response elements and
 * Actions). With `schemas`, each message part is the real element of the served HL7 v3 / ebRS /
 * XDS.b schemas; without it (or for an element no served schema declares) the element is open.
 */
export function buildWsdl(serviceName: string, routes: IheRoute[], location: string, schemas?: WsdlSchemas): string {
  const ops: OperationShape[] = [];
  for (const r of routes)
    for (const a of r.options.actions) {
      const s = shapeFor(r, a);
      if (s && !ops.some((o) => o.operation === s.operation)) ops.push(s);
    }
  const namespaces = [...new Set(ops.flatMap((o) => [o.input.ns, o.output.ns]))];
  const prefixes = new Map<string, string>(namespaces.map((ns, i) => [ns, KNOWN_PREFIXES[ns] ?? `p${i}`]));
  const tns = `urn:gw:wsdl:${serviceName}`;
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
    `<wsdl:types>${typesSection(ops, prefixes, schemas)}</wsdl:types>${messages}` +
    `<wsdl:portType name="${serviceName}_PortType">${portOps}</wsdl:portType>` +
    `<wsdl:binding name="${serviceName}_Binding_Soap12" type="tns:${serviceName}_PortType">` +
    `<wsaw:UsingAddressing/><soap12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps}</wsdl:binding>` +
    `<wsdl:service name="${serviceName}_Service"><wsdl:port name="${serviceName}_Port_Soap12" binding="tns:${serviceName}_Binding_Soap12">` +
    `<soap12:address location="${escapeAttr(location)}"/></wsdl:port></wsdl:service></wsdl:definitions>\n`
  );
}
