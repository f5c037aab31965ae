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
