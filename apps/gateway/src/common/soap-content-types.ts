import { isSoapMediaType, parseContentType } from '@gw/soap';

/** Whether a request's body is SOAP by its Content-Type (the media types the SOAP edge accepts). */
export function isSoapContentType(contentType: string | undefined): boolean {
  return isSoapMediaType(parseContentType(contentType).type);
}

/** Paths served by the SOAP controller (routes match case-insensitively, so /soap/… too: createGatewayApp). */
const SOAP_PATH = /^\/soap(?:[/?#]|$)/i;

export function isSoapPath(url: string | undefined): boolean {
  return SOAP_PATH.test(url ?? '');
}

/**
 * Whether an error answer to this request is a SOAP 1.2 Fault (else JSON): anything sent to a SOAP
 * path, whatever its Content-Type (a SOAP client reads only SOAP), and any SOAP body sent elsewhere.
 */
export function answersWithSoap(url: string | undefined, contentType: string | undefined): boolean {
  return isSoapPath(url) || isSoapContentType(contentType);
}
