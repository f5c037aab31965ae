/**
 * The media types a SOAP request may arrive as: SOAP 1.2, SOAP 1.1, MTOM/XOP parts and plain XML.
 * The edge refuses any other with 415; the HTTP layer reads bodies of these types raw (charsets vary
 * between senders and MTOM parts are binary, so the edge decodes them itself).
 */
export const SOAP_MEDIA_TYPES: readonly string[] = [
  'application/soap+xml',
  'application/xop+xml',
  'text/xml',
  'application/xml',
  'multipart/related',
];

const ACCEPTED = new Set(SOAP_MEDIA_TYPES);

/** Whether a lower-cased media type (a parsed Content-Type's `type`) is one a SOAP request may use. */
export function isSoapMediaType(type: string): boolean {
  return ACCEPTED.has(type);
}
