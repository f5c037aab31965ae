import { randomUUID } from 'node:crypto';
import { escapeText } from '@gw/xml-escape';
import { NS, WSA_ANONYMOUS, WSA_FAULT_ACTION } from '../soap.constants';
import type { SoapFault } from '../soap-fault';

export interface ResponseAddressing {
  action: string;
  /** The request's wsa:MessageID, copied byte for byte; omitted when the request had none. */
  relatesTo?: string;
  /** Defaults to the anonymous address (synchronous reply). */
  to?: string;
  /** Defaults to a fresh urn:uuid. */
  messageId?: string;
}

const SUBCODE_PREFIX: Record<string, string> = { [NS.wsa]: 'a', [NS.wsse]: 'wsse' };

function header(a: ResponseAddressing): string {
  const relates = a.relatesTo ? `<a:RelatesTo>${escapeText(a.relatesTo)}</a:RelatesTo>` : '';
  return (
    `<s:Header><a:Action s:mustUnderstand="1">${escapeText(a.action)}</a:Action>` +
    `<a:MessageID>${escapeText(a.messageId ?? `urn:uuid:${randomUUID()}`)}</a:MessageID>` +
    relates +
    `<a:To s:mustUnderstand="1">${escapeText(a.to ?? WSA_ANONYMOUS)}</a:To></s:Header>`
  );
}

/** A SOAP 1.2 envelope with WS-Addressing 1.0 headers around a serialised payload (UTF-8, no BOM). */
export function buildEnvelope(addressing: ResponseAddressing, payloadXml: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<s:Envelope xmlns:s="${NS.soap12}" xmlns:a="${NS.wsa}">${header(addressing)}<s:Body>${payloadXml}</s:Body></s:Envelope>`
  );
}

/** The s:Fault element for a SoapFault. */
export function buildFaultBody(fault: SoapFault): string {
  let sub = '';
  if (fault.subcode) {
    const prefix = SUBCODE_PREFIX[fault.subcode.ns] ?? 'f';
    const decl = prefix === 'a' ? '' : ` xmlns:${prefix}="${fault.subcode.ns}"`;
    sub = `<s:Subcode><s:Value${decl}>${prefix}:${fault.subcode.local}</s:Value></s:Subcode>`;
  }
  const parts: string[] = [];
  if (fault.problemAction) parts.push(`<a:ProblemAction><a:Action>${escapeText(fault.problemAction)}</a:Action></a:ProblemAction>`);
  if (fault.problemHeader) parts.push(`<a:ProblemHeaderQName>${escapeText(fault.problemHeader)}</a:ProblemHeaderQName>`);
  if (fault.detail) parts.push(`<gw:FaultDetail xmlns:gw="urn:gw:soap:fault">${escapeText(fault.detail)}</gw:FaultDetail>`);
  const detail = parts.length ? `<s:Detail>${parts.join('')}</s:Detail>` : '';
  return (
    `<s:Fault><s:Code><s:Value>s:${fault.code}</s:Value>${sub}</s:Code>` +
    `<s:Reason><s:Text xml:lang="en">${escapeText(fault.reason)}</s:Text></s:Reason>${detail}</s:Fault>`
  );
}

/** A complete fault envelope with the WS-Addressing fault Action. */
export function buildFaultEnvelope(fault: SoapFault, relatesTo?: string): string {
  return buildEnvelope({ action: WSA_FAULT_ACTION, relatesTo }, buildFaultBody(fault));
}
