import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ShutdownConfig } from './shutdown.config';

/** After the in-flight requests, how long closing connections get before they are cut. */
const SOCKET_CLOSE_GRACE_MS = 1_000;

/**
 * Drains the HTTP server before anything it depends on closes. Nest runs onModuleDestroy, then
 * beforeApplicationShutdown (this), then closes the HTTP adapter, then onApplicationShutdown, where
 * the NHS clients and the cache close: so a request accepted before the listener closed still has
 * its upstreams until it is answered.
 *
 * From `begin()` on (SIGTERM, or app.close()), readiness answers 503 and every response carries
 * `Connection: close`, so keep-alive clients reconnect elsewhere instead of sending more requests on
 * a connection that is about to be closed under them.
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpDrain.name);
  private readonly inFlight = new Set<ServerResponse>();
  private isDraining = false;
  private listenerClosed = false;
  private onIdle?: () => void;

  constructor(
    private readonly cfg: ShutdownConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get draining(): boolean {
    return this.isDraining;
  }

  /** Middleware (`app.use`), first in the chain: counts in-flight requests and, while draining, asks the client to close. */
  readonly middleware = (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (this.isDraining) res.setHeader('Connection', 'close');
    this.inFlight.add(res);
    const done = (): void => {
      if (!this.inFlight.delete(res)) return;
      // A connection whose response went out before the drain began is idle now: close it before it is reused.
      if (this.listenerClosed) setImmediate(() => this.server()?.closeIdleConnections());
      if (this.inFlight.size === 0) this.onIdle?.();
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };

  /** Readiness 503 and `Connection: close` from now on, also on responses already being prepared. */
  begin(): void {
    if (this.isDraining) return;
    this.isDraining = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.begin();
    const server = this.server();
    if (!server?.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.listenerClosed = true;
    server.closeIdleConnections();
    const pending = this.inFlight.size;
    if (!(await this.settled(this.cfg.SHUTDOWN_DRAIN_TIMEOUT_MS))) {
      this.logger.warn(
        `${this.inFlight.size} of ${pending} in-flight requests still running after ${this.cfg.SHUTDOWN_DRAIN_TIMEOUT_MS} ms; cutting them`,
      );
      server.closeAllConnections();
    } else if (pending) {
      this.logger.log(`Drained ${pending} in-flight requests`);
    }
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), SOCKET_CLOSE_GRACE_MS)));
    const allClosed = await Promise.race([closed.then(() => true), grace]);
    clearTimeout(timer);
    if (!allClosed) server.closeAllConnections();
  }

  private settled(ms: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onIdle = undefined;
        resolve(false);
      }, ms);
      this.onIdle = () => {
        clearTimeout(timer);
        this.onIdle = undefined;
        resolve(true);
      };
    });
  }

  private server(): Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
  }
}
