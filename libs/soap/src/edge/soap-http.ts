import type { HttpHeaders } from '@gw/xua';

/**
 * A SOAP request and its answer as the HTTP layer sees them: the edge takes the one and gives the other,
 * and the ReplyTo sender delivers the same answer to an asynchronous caller.
 */
export interface SoapHttpRequest {
  /** Endpoint path segment (e.g. 'iti47'); undefined for the shared /SOAP endpoint. */
  endpoint?: string;
  /** The HTTP layer's request id (X-Request-ID), reused for correlation when it is a UUID. */
  requestId?: string;
  contentType?: string;
  body: Buffer;
  /** The HTTP request headers (the TLS client certificate a proxy passes, for holder-of-key XUA). */
  headers?: HttpHeaders;
}

export interface SoapHttpResponse {
  status: number;
  contentType?: string;
  body: Buffer;
  /** Extra headers (MIME-Version for MTOM). */
  headers?: Record<string, string>;
}
