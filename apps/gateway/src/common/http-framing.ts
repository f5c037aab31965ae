import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Logger } from '@nestjs/common';
import { SoapFault, soapFaultResponse } from '@gw/soap';
import type { NextFunction, RawRequest, RawResponse } from './http.types';
import { isSoapPath } from './soap-content-types';

/**
 * Answers to requests Node's HTTP parser refuses before the app sees them (a malformed
 * Content-Length, broken chunked framing, bad header syntax, headers over the limit, a request too
 * slow to arrive). Node's own answer is a bare status line with no body; a SOAP client then has no
 * Fault to read and an admin client no JSON. The status is Node's; the body is a SOAP 1.2 Sender
 * Fault for the SOAP paths and the gateway's JSON error elsewhere, with a request id of our own.
 */
const REFUSALS: Record<string, { status: number; reason: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request headers are larger than the server accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'The request was not received completely in time' },
  HPE_INVALID_CONTENT_LENGTH: { status: 400, reason: 'Malformed Content-Length header' },
  HPE_UNEXPECTED_CONTENT_LENGTH: { status: 400, reason: 'Content-Length sent together with Transfer-Encoding' },
  HPE_INVALID_TRANSFER_ENCODING: { status: 400, reason: 'Malformed Transfer-Encoding header' },
  HPE_INVALID_CHUNK_SIZE: { status: 400, reason: 'Malformed chunked body' },
  HPE_INVALID_HEADER_TOKEN: { status: 400, reason: 'Malformed request header' },
  HPE_INVALID_VERSION: { status: 400, reason: 'Unsupported HTTP version' },
};
const DEFAULT_REFUSAL = { status: 400, reason: 'Malformed HTTP request' };

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** The request line's path, from the bytes the parser refused, else from the request it had already read. */
function requestPath(err: { rawPacket?: unknown }, socket: Duplex): string | undefined {
  const packet = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined;
  const line = /^[A-Z]+ (\S+) HTTP\//.exec(packet?.subarray(0, 2048).toString('latin1') ?? '');
  if (line) return line[1];
  return (socket as Duplex & { _httpMessage?: ServerResponse & { req?: IncomingMessage } })._httpMessage?.req?.url;
}

function rawResponse(status: number, contentType: string, payload: string, requestId: string): string {
  return (
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n` +
    `X-Request-ID: ${requestId}\r\nConnection: close\r\n\r\n${payload}`
  );
}

/** The server's answer to a request its parser refused (Fastify's clientErrorHandler). */
export function answerClientError(logger: Logger) {
  return (err: Error & { code?: string; rawPacket?: unknown }, socket: Duplex): void => {
    const pending = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    // Node's rule: nothing can be written once a response has started or the peer is gone.
    if (err.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, reason } = REFUSALS[err.code ?? ''] ?? DEFAULT_REFUSAL;
    const requestId = randomUUID();
    logger.warn(`[${requestId}] HTTP request refused by the parser (${err.code ?? 'unknown'}): ${status}`);
    const fault = isSoapPath(requestPath(err, socket)) ? soapFaultResponse(SoapFault.sender(reason), { status }) : undefined;
    const answer = fault
      ? rawResponse(status, fault.contentType, fault.body.toString('utf8'), requestId)
      : rawResponse(
          status,
          'application/json; charset=utf-8',
          JSON.stringify({ statusCode: status, error: STATUS_TEXT[status] ?? 'Bad Request', message: reason, requestId }),
          requestId,
        );
    socket.end(answer);
  };
}

/**
 * HTTP/1.1 requires a Host header (RFC 9112 §3.2). Node refuses a request without one with a bare
 * 400; the check is made here instead, so the refusal goes through the exception filter and gets a
 * proper body like every other.
 */
export function requireHostHeader(req: RawRequest, _res: RawResponse, next: NextFunction): void {
  if (req.httpVersion === '1.1' && req.headers.host === undefined) {
    next(Object.assign(new Error('HTTP/1.1 requests must carry a Host header'), { status: 400, expose: true }));
    return;
  }
  next();
}

/**
 * Lets requests without a Host reach requireHostHeader (Node would answer them itself, with a bare
 * 400). answerClientError is installed as Fastify's clientErrorHandler.
 */
export function allowRequestsWithoutHost(server: Server): void {
  // A runtime property of Node's server (set from createServer's options), absent from its type.
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
}
