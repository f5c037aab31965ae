import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { buildFaultEnvelope, SoapFault } from '@gw/soap';
import type { GatewayRequest, GatewayResponse } from './http.types';
import { isSoapContentType } from './soap-content-types';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId?: string;
}

/** Errors from the HTTP stack (body-parser's http-errors) carry a safe status and say whether the message may be shown. */
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
 * Fault for SOAP requests that failed before reaching the SOAP edge (e.g. a body over the limit).
 * 5xx errors are logged with their stack on our side only.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<GatewayRequest>();
    const res = ctx.getResponse<GatewayResponse>();
    const body = this.toBody(exception);
    body.requestId = req.id === undefined ? undefined : String(req.id);

    if (body.statusCode >= 500) {
      this.logger.error(
        `Unhandled ${(exception as Error)?.name ?? 'error'} on ${req.method} ${typeof req.route?.path === 'string' ? req.route.path : 'unmatched route'}`,
        (exception as Error)?.stack,
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (body.statusCode === HttpStatus.TOO_MANY_REQUESTS || body.statusCode === HttpStatus.PAYLOAD_TOO_LARGE) {
      res.setHeader('Connection', 'close');
    }
    if (isSoapContentType(req.headers['content-type'])) {
      const text = Array.isArray(body.message) ? body.message.join('; ') : body.message;
      const fault = body.statusCode < 500 ? SoapFault.sender(text) : SoapFault.receiver(text);
      send(res, body.statusCode, 'application/soap+xml; charset=utf-8', buildFaultEnvelope(fault));
      return;
    }
    send(res, body.statusCode, 'application/json; charset=utf-8', JSON.stringify(body));
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
      // 5xx messages may describe internals; the caller gets the generic text.
      return { statusCode: status, error: reasonPhrase(status), message: status >= 500 ? reasonPhrase(status) : message };
    }
    const e = (exception ?? {}) as HttpStackError;
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message =
        e.type === 'entity.too.large' ? 'Request body too large' : e.expose && e.message ? e.message : reasonPhrase(status);
      return { statusCode: status, error: reasonPhrase(status), message };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' };
  }
}

function send(res: GatewayResponse, status: number, contentType: string, payload: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
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
