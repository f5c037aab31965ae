import { Logger } from '@nestjs/common';
import { attr, children, text, type XmlElement } from '../xml/xml-element';
import { NS, WSA_ANONYMOUS } from '../soap.constants';
import { SoapFault, SUBCODES } from '../soap-fault';

/** The parts of a request envelope the edge acts on. */
export interface ParsedEnvelope {
  header?: XmlElement;
  /** First element child of soap:Body. */
  payload: XmlElement;
  action?: string;
  messageId?: string;
  to?: string;
  /** wsa:ReplyTo/wsa:Address; undefined means anonymous. */
  replyTo?: string;
  faultTo?: string;
  /** The wsse:Security header, when sent. */
  security?: XmlElement;
  /** The request used the obsolete 2004/08 WS-Addressing namespace. */
  oldWsa: boolean;
}

/** Header namespaces the gateway processes; a mustUnderstand header outside them is a fault. */
const UNDERSTOOD = new Set<string>([NS.wsa, NS.wsa2004, NS.wsse, NS.wsu]);

const logger = new Logger('SoapEnvelope');

function wsaChildren(header: XmlElement | undefined, local: string): XmlElement[] {
  return [...children(header, NS.wsa, local), ...children(header, NS.wsa2004, local)];
}

function single(header: XmlElement | undefined, local: string): string | undefined {
  const els = wsaChildren(header, local);
  if (els.length > 1) throw SoapFault.sender(`More than one wsa:${local} header`, SUBCODES.invalidAddressingHeader);
  return text(els[0]) || undefined;
}

function address(header: XmlElement | undefined, local: string): string | undefined {
  const els = wsaChildren(header, local);
  if (els.length > 1) throw SoapFault.sender(`More than one wsa:${local} header`, SUBCODES.invalidAddressingHeader);
  if (!els.length) return undefined;
  const addr = [...children(els[0], NS.wsa, 'Address'), ...children(els[0], NS.wsa2004, 'Address')][0];
  const value = text(addr);
  if (!value) throw SoapFault.sender(`wsa:${local} without an Address`, SUBCODES.invalidAddressingHeader);
  return value;
}

/** True for the anonymous address in either WS-Addressing namespace. */
export function isAnonymous(addr: string | undefined): boolean {
  return !addr || addr === WSA_ANONYMOUS || addr === 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';
}

/**
 * Reads a SOAP 1.2 envelope: version, mustUnderstand headers, WS-Addressing headers and the Body
 * payload. Throws SoapFault for everything that cannot be interpreted (ihe-transactions.md §3.4).
 */
export function readEnvelope(root: XmlElement): ParsedEnvelope {
  if (root.local === 'Envelope' && root.ns === NS.soap11) {
    throw new SoapFault('VersionMismatch', 'SOAP 1.1 is not supported; send a SOAP 1.2 envelope');
  }
  if (root.local !== 'Envelope' || root.ns !== NS.soap12) {
    if (root.local === 'Envelope') throw new SoapFault('VersionMismatch', `Unknown envelope namespace ${root.ns || '(none)'}`);
    throw SoapFault.sender('The message is not a SOAP envelope');
  }
  const headers = children(root, NS.soap12, 'Header');
  const bodies = children(root, NS.soap12, 'Body');
  if (headers.length > 1 || bodies.length > 1) throw SoapFault.sender('More than one soap:Header or soap:Body');
  const header = headers[0];
  const body = bodies[0];
  if (!body) throw SoapFault.sender('The envelope has no soap:Body');
  // SOAP 1.2 Part 1 §5.1: an optional Header, then the Body, and nothing else in the Envelope.
  const expected = header ? [header, body] : [body];
  if (root.children.length !== expected.length || root.children.some((c, i) => c !== expected[i])) {
    throw SoapFault.sender(
      header && root.children.indexOf(header) > root.children.indexOf(body)
        ? 'soap:Header must come before soap:Body'
        : 'The envelope may contain only an optional soap:Header followed by soap:Body',
    );
  }
  if (root.text.trim()) throw SoapFault.sender('Character data is not allowed between the children of soap:Envelope');
  if (header?.text.trim()) throw SoapFault.sender('Character data is not allowed directly in soap:Header');
  // The IHE transactions carry exactly one request element in the Body.
  if (body.children.length > 1) throw SoapFault.sender('soap:Body must contain exactly one element');
  if (body.text.trim()) throw SoapFault.sender('Character data is not allowed directly in soap:Body');
  const payload = body.children[0];
  if (!payload) throw SoapFault.sender('soap:Body is empty');

  for (const h of header?.children ?? []) {
    const mu = attr(h, 'mustUnderstand', NS.soap12);
    if ((mu === '1' || mu === 'true') && !UNDERSTOOD.has(h.ns)) {
      throw new SoapFault('MustUnderstand', `Header {${h.ns}}${h.local} is marked mustUnderstand and is not processed here`);
    }
  }

  const oldWsa = !!header?.children.some((c) => c.ns === NS.wsa2004);
  if (oldWsa) logger.warn('Request uses the obsolete 2004/08 WS-Addressing namespace; answering in 2005/08');
  const replyTo = address(header, 'ReplyTo');
  const faultTo = address(header, 'FaultTo');
  return {
    header,
    payload,
    action: single(header, 'Action'),
    messageId: single(header, 'MessageID'),
    to: single(header, 'To'),
    replyTo: isAnonymous(replyTo) ? undefined : replyTo,
    faultTo: isAnonymous(faultTo) ? undefined : faultTo,
    security: children(header, NS.wsse, 'Security')[0],
    oldWsa,
  };
}
