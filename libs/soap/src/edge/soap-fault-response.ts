import { buildFaultEnvelope } from '../envelope/envelope-builder';
import { buildMtom } from '../mtom/mtom-builder';
import { WSA_FAULT_ACTION } from '../soap.constants';
import type { SoapFault } from '../soap-fault';
import type { SoapHttpResponse } from './soap-http';

/** How a fault is answered: to which request, whether as MTOM, with which HTTP status (default: the fault's). */
export interface SoapFaultAnswer {
  /** The request's wsa:MessageID, when one was read. */
  relatesTo?: string;
  /** The endpoint or route always answers MTOM (ITI-39), so its faults are MTOM too. */
  mtom?: boolean;
  status?: number;
}

/**
 * The HTTP answer carrying a SOAP 1.2 Fault. The one place a fault becomes bytes: the edge uses it,
 * and so does the HTTP layer for requests refused before they reach the edge (a body over the
 * limit, framing Node's parser refuses), so every fault has the same envelope and Content-Type.
 */
export function soapFaultResponse(fault: SoapFault, answer: SoapFaultAnswer = {}): SoapHttpResponse & { contentType: string } {
  const status = answer.status ?? fault.httpStatus;
  const envelope = buildFaultEnvelope(fault, answer.relatesTo);
  if (answer.mtom) {
    const mtom = buildMtom(envelope, [], WSA_FAULT_ACTION);
    return { status, contentType: mtom.contentType, body: mtom.body, headers: { 'MIME-Version': '1.0' } };
  }
  return { status, contentType: `application/soap+xml; charset=utf-8; action="${WSA_FAULT_ACTION}"`, body: Buffer.from(envelope, 'utf8') };
}
