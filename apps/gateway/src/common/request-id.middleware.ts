import type { NextFunction, RawRequest, RawResponse } from './http.types';

/**
 * Echoes the request id (given when the request arrived: createGatewayApp's genReqId) as
 * X-Request-ID first thing, so even a request refused before its route, or by a body parser, names
 * it in its answer.
 */
export function requestIdMiddleware(req: RawRequest, res: RawResponse, next: NextFunction): void {
  if (typeof req.id === 'string' && !res.headersSent) res.setHeader('X-Request-ID', req.id);
  next();
}
