import type { RequesterIdentity } from '@gw/identity';
import type { AuditEvent } from '@gw/audit';
import type { XmlElement } from './xml/xml-element';

/**
 * The contract between the SOAP edge and a transaction handler.
 *
 * The edge parses the envelope (plain or MTOM, any charset, any prefixes), checks WS-Addressing
 * and XUA, and hands the handler the first child of soap:Body. The handler returns the response
 * payload; the edge wraps it in an envelope with Action and RelatesTo, and as MTOM when the reply
 * has attachments. A handler throws `SoapFault` for protocol-level refusals; registry errors and
 * HL7 v3 negative acknowledgements are normal response payloads. What is common to every
 * transaction (timing, metrics, the audit records, the log line) is done once by the dispatcher
 * from the reply's `report`.
 */
export interface SoapRequest {
  /** The ITI transaction the edge routed to, e.g. 'ITI-38'. */
  transaction: string;
  /** wsa:Action (or the SOAP 1.2 action parameter of Content-Type). */
  action: string;
  /** wsa:MessageID of the request, when sent. */
  messageId?: string;
  /** wsa:To, when sent. */
  to?: string;
  /** First element child of soap:Body, with xop:Include elements left in place. */
  body: XmlElement;
  /** MTOM parts by Content-ID (without angle brackets or the cid: prefix). */
  attachments: ReadonlyMap<string, Buffer>;
  /** Who is asking: from XUA when present and accepted, else configured defaults. */
  identity: RequesterIdentity;
  /** Gateway-generated id for this exchange (logs, audit, upstream correlation). */
  requestId: string;
}

export interface SoapAttachment {
  /** Content-ID without angle brackets; referenced from bodyXml as cid:<contentId>. */
  contentId: string;
  contentType: string;
  data: Buffer;
}

/**
 * An audit record of the exchange as the handler knows it; the dispatcher adds the transaction and
 * request id, and the requester of the request unless the handler names a better one.
 */
export type TransactionAudit = Omit<AuditEvent, 'transaction' | 'requestId' | 'requester'> & Partial<Pick<AuditEvent, 'requester'>>;

/** How an exchange ended, as the dispatcher records it. No patient data anywhere in it but `audit[].nhsNumber`. */
export interface TransactionReport {
  /** Short label for metrics and the log line, e.g. 'Success', 'PartialSuccess', 'AA/OK'. */
  status: string;
  /** First error code of the answer, for metrics ('none' when clean). */
  error?: string;
  /** The rest of the log line, e.g. 'FindDocuments (2 entries, documents-hit)'. */
  summary?: string;
  /** The audit records of this exchange: one, or one per disclosed document. */
  audit: TransactionAudit[];
}

export interface SoapReply {
  /** wsa:Action of the response. */
  action: string;
  /** Serialised response payload element (no XML declaration); namespaces declared on it. */
  bodyXml: string;
  /** Binary parts; when present the edge answers multipart/related (MTOM/XOP). */
  attachments?: SoapAttachment[];
  report: TransactionReport;
}

export interface IheHandler {
  handle(request: SoapRequest): Promise<SoapReply>;
  /**
   * The answer to an unexpected error in `handle` (a business transaction answers with a registry
   * error, never a fault or a stack trace). Without it the edge answers a Receiver fault.
   */
  internalError?(request: SoapRequest): SoapReply;
}
