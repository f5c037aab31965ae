import type { IncomingMessage, ServerResponse } from 'node:http';

/** The parts of Express's request the platform reads (the gateway avoids a dependency on @types/express). */
export type GatewayRequest = IncomingMessage & {
  /** Request id set by pino-http (see loggerParams). */
  id?: unknown;
  /** The matched route, once routing has happened. */
  route?: { path?: unknown };
  baseUrl?: string;
  /** The URL as received (Express rewrites `url` inside mounted routers). */
  originalUrl?: string;
  /** Parsed JSON/form object, or a Buffer for SOAP content types. */
  body?: unknown;
};

export type GatewayResponse = ServerResponse;

export type NextFunction = (err?: unknown) => void;
