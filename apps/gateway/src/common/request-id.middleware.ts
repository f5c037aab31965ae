import { requestIdFor } from '@gw/observability';
import type { GatewayRequest, GatewayResponse, NextFunction } from './http.types';

/**
 * Gives every request its id first thing (before body parsing), so even a request refused by the body
 * parser gets an X-Request-ID and an error body naming it. pino-http reuses this id.
 */
export function requestIdMiddleware(req: GatewayRequest, res: GatewayResponse, next: NextFunction): void {
  req.id = requestIdFor(req, res);
  next();
}
