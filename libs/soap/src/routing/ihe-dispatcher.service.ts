import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { AuditService } from '@gw/audit';
import type { IheHandler, SoapReply, SoapRequest } from '../soap-handler';
import { IheTransaction, type IheTransactionOptions } from './ihe-transaction.decorator';
import { runTransaction } from './run-transaction';

export interface IheRoute {
  options: IheTransactionOptions;
  handler: IheHandler;
}

/**
 * Builds the Action → handler table from the `@IheTransaction` providers at bootstrap and answers
 * routing questions for the SOAP edge. Duplicate Actions or endpoints fail the boot: silently
 * picking one handler would misroute a partner's traffic. Every handler runs through
 * `runTransaction`, so timing, metrics, audit and the log line are the same for all of them.
 */
@Injectable()
export class IheDispatcher implements OnApplicationBootstrap {
  private readonly logger = new Logger(IheDispatcher.name);
  private readonly byAction = new Map<string, IheRoute>();
  private readonly byEndpoint = new Map<string, IheRoute[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly audit: AuditService,
  ) {}

  /** Runs a routed request through its handler (timed, counted, audited, logged once). */
  dispatch(route: IheRoute, request: SoapRequest): Promise<SoapReply> {
    return runTransaction(route.handler, request, this.audit, this.logger);
  }

  onApplicationBootstrap(): void {
    this.byAction.clear();
    this.byEndpoint.clear();
    for (const wrapper of this.discovery.getProviders({ metadataKey: IheTransaction.KEY })) {
      const options = this.discovery.getMetadataByDecorator(IheTransaction, wrapper);
      const instance = wrapper.instance as IheHandler | undefined;
      if (!options || !instance) continue;
      if (typeof instance.handle !== 'function') {
        throw new Error(`${wrapper.name} is marked @IheTransaction but has no handle() method`);
      }
      this.register({ options, handler: instance }, String(wrapper.name));
    }
    const table = [...this.byAction.entries()].map(([a, r]) => `${a} -> ${r.options.transaction} (/SOAP/${r.options.endpoint})`);
    this.logger.log(`IHE routes: ${table.length ? table.join('; ') : 'none'}`);
  }

  /** Adds a route; also used by tests that build the table without Nest. */
  register(route: IheRoute, name = route.options.transaction): void {
    const { options } = route;
    if (!options.actions.length) throw new Error(`${name}: @IheTransaction needs at least one action`);
    for (const action of options.actions) {
      const existing = this.byAction.get(action);
      if (existing) {
        throw new Error(`Duplicate IHE action ${action}: ${existing.options.transaction} and ${options.transaction} (${name})`);
      }
      this.byAction.set(action, route);
    }
    const endpoint = options.endpoint.toLowerCase();
    const onEndpoint = this.byEndpoint.get(endpoint) ?? [];
    if (onEndpoint.some((r) => r.options.transaction !== options.transaction)) {
      throw new Error(`Endpoint /SOAP/${endpoint} claimed by ${onEndpoint[0].options.transaction} and ${options.transaction}`);
    }
    onEndpoint.push(route);
    this.byEndpoint.set(endpoint, onEndpoint);
  }

  /** The route for an Action, optionally restricted to one endpoint (undefined = the shared /SOAP endpoint). */
  route(action: string, endpoint?: string): IheRoute | undefined {
    const r = this.byAction.get(action);
    if (!r) return undefined;
    if (endpoint !== undefined && r.options.endpoint.toLowerCase() !== endpoint.toLowerCase()) return undefined;
    return r;
  }

  hasEndpoint(endpoint: string): boolean {
    return this.byEndpoint.has(endpoint.toLowerCase());
  }

  routesForEndpoint(endpoint: string): IheRoute[] {
    return this.byEndpoint.get(endpoint.toLowerCase()) ?? [];
  }

  routes(): IheRoute[] {
    return [...new Set(this.byAction.values())];
  }
}
