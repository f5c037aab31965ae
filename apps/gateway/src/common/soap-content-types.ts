/**
 * Content types whose bodies the gateway takes as raw bytes (a Buffer in `req.body`): SOAP 1.2,
 * SOAP 1.1, MTOM/XOP parts and plain XML. Charsets vary between senders, and MTOM parts are binary,
 * so the SOAP edge decodes them itself.
 */
export const SOAP_CONTENT_TYPES = ['application/soap+xml', 'application/xop+xml', 'text/xml', 'application/xml', 'multipart/related'];

export function isSoapContentType(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return SOAP_CONTENT_TYPES.includes(media);
}

/** Paths served by the SOAP controller (Express matches routes case-insensitively, so /soap/… too). */
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
