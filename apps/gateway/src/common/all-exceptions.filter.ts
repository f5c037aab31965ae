import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { maskIdentifiers } from '@gw/observability';
import { SoapFault, soapFaultResponse } from '@gw/soap';
import { routePattern, type GatewayRequest, type GatewayResponse } from './http.types';
import { answersWithSoap } from './soap-content-types';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId?: string;
  [extra: string]: unknown;
}

/**
 * Errors from the HTTP stack carry a safe status: Fastify's own (a body over BODY_LIMIT, JSON that does not
 * parse) and http-errors (`expose` says whether the message may be shown).
 */
interface HttpStackError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  type?: string;
}

/**
 * The last line of defence: every error leaves as a proper response with a request id and never
 * with a stack trace or internal message. JSON for the admin and platform routes; a SOAP 1.2
 * Fault for requests to the SOAP paths, or with a SOAP body, that failed before reaching the SOAP
 * edge (e.g. a body over the limit, or JSON that does not parse).
 * 5xx errors are logged with their stack on our side only.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<GatewayRequest>();
    const reply = ctx.getResponse<GatewayResponse>();
    const body = this.toBody(exception);
    body.requestId = String(req.id);

    if (body.statusCode >= 500) {
      // Our side gets the stack (identifiers masked: messages sometimes quote input); the caller never does.
      const stack = (exception as Error)?.stack ?? String(exception);
      this.logger.error(
        `Unhandled ${(exception as Error)?.name ?? 'error'} on ${req.method} ${routePattern(req) ?? 'unmatched route'}`,
        maskIdentifiers(stack),
      );
    }
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.end();
      return;
    }
    if (body.statusCode === HttpStatus.TOO_MANY_REQUESTS || body.statusCode === HttpStatus.PAYLOAD_TOO_LARGE) {
      reply.header('Connection', 'close');
    }
    if (answersWithSoap(req.url, req.headers['content-type'])) {
      const text = Array.isArray(body.message) ? body.message.join('; ') : String(body.message);
      const fault = body.statusCode < 500 ? SoapFault.sender(text) : SoapFault.receiver(text);
      const out = soapFaultResponse(fault, { status: body.statusCode });
      send(reply, out.status, out.contentType, out.body);
      return;
    }
    send(reply, body.statusCode, 'application/json; charset=utf-8', JSON.stringify(body));
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) return tooLarge();
      // A deliberate HttpException's body is meant for the caller (Nest's own convention), e.g. the
      // terminus health report or "admin API disabled"; only its shape is normalised here.
      if (typeof response === 'object' && response !== null) {
        return { statusCode: status, error: reasonPhrase(status), message: exception.message, ...(response as object) } as ErrorBody;
      }
      return { statusCode: status, error: reasonPhrase(status), message: String(response) };
    }
    const e = (exception ?? {}) as HttpStackError;
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) return tooLarge();
      return { statusCode: status, error: reasonPhrase(status), message: e.expose && e.message ? e.message : reasonPhrase(status) };
    }
    // Anything else is a bug or an outage: its message may describe internals, so the caller gets none of it.
    return { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' };
  }
}

function tooLarge(): ErrorBody {
  return { statusCode: 413, error: 'Payload Too Large', message: 'Request body too large' };
}

function send(reply: GatewayResponse, status: number, contentType: string, payload: string | Buffer): void {
  void reply.code(status).header('Content-Type', contentType).header('Content-Length', Buffer.byteLength(payload)).send(payload);
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
