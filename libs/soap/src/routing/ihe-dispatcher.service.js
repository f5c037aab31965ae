"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
var IheDispatcher_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.IheDispatcher = void 0;
const common_1 = require("@nestjs/common");
const core_1 = require("@nestjs/core");
const ihe_transaction_decorator_1 = require("./ihe-transaction.decorator");
/**
 * Builds the Action → handler table from the `@IheTransaction` providers at bootstrap and answers
 * routing questions for the SOAP edge. Duplicate Actions or endpoints fail the boot: silently
 * picking one handler would misroute a partner's traffic.
 */
let IheDispatcher = IheDispatcher_1 = class IheDispatcher {
    discovery;
    logger = new common_1.Logger(IheDispatcher_1.name);
    byAction = new Map();
    byEndpoint = new Map();
    constructor(discovery) {
        this.discovery = discovery;
    }
    onApplicationBootstrap() {
        this.byAction.clear();
        this.byEndpoint.clear();
        for (const wrapper of this.discovery.getProviders({ metadataKey: ihe_transaction_decorator_1.IheTransaction.KEY })) {
            const options = this.discovery.getMetadataByDecorator(ihe_transaction_decorator_1.IheTransaction, wrapper);
            const instance = wrapper.instance;
            if (!options || !instance)
                continue;
            if (typeof instance.handle !== 'function') {
                throw new Error(`${wrapper.name} is marked @IheTransaction but has no handle() method`);
            }
            this.register({ options, handler: instance }, String(wrapper.name));
        }
        const table = [...this.byAction.entries()].map(([a, r]) => `${a} -> ${r.options.transaction} (/SOAP/${r.options.endpoint})`);
        this.logger.log(`IHE routes: ${table.length ? table.join('; ') : 'none'}`);
    }
    /** Adds a route; also used by tests that build the table without Nest. */
    register(route, name = route.options.transaction) {
        const { options } = route;
        if (!options.actions.length)
            throw new Error(`${name}: @IheTransaction needs at least one action`);
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
    route(action, endpoint) {
        const r = this.byAction.get(action);
        if (!r)
            return undefined;
        if (endpoint !== undefined && r.options.endpoint.toLowerCase() !== endpoint.toLowerCase())
            return undefined;
        return r;
    }
    hasEndpoint(endpoint) {
        return this.byEndpoint.has(endpoint.toLowerCase());
    }
    routesForEndpoint(endpoint) {
        return this.byEndpoint.get(endpoint.toLowerCase()) ?? [];
    }
    routes() {
        return [...new Set(this.byAction.values())];
    }
};
exports.IheDispatcher = IheDispatcher;
exports.IheDispatcher = IheDispatcher = IheDispatcher_1 = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [core_1.DiscoveryService])
], IheDispatcher);
//# sourceMappingURL=ihe-dispatcher.service.js.map