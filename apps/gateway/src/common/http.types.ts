import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The request a controller, guard, interceptor or exception filter is handed (the Fastify adapter's). */
export type GatewayRequest = FastifyRequest;

/** The reply a controller, guard or exception filter answers through. */
export type GatewayResponse = FastifyReply;

/**
 * Node's request as an `app.use` middleware sees it (the gateway's middleware runs before routing and
 * body parsing, on the raw objects).
 */
export type RawRequest = IncomingMessage & {
  /** The request id, assigned when the request arrives (createGatewayApp's genReqId). */
  id?: unknown;
};

export type RawResponse = ServerResponse;

export type NextFunction = (err?: unknown) => void;

/**
 * The matched route pattern (e.g. /SOAP/:endpoint), or undefined when no route matched. Never the
 * URL itself: route patterns are few and carry no identifiers, so they are fit for metric labels,
 * audit details and logs.
 */
export function routePattern(req: GatewayRequest): string | undefined {
  const url = req.routeOptions?.url;
  return typeof url === 'string' && url.length ? url : undefined;
}
