"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var ReplyToSender_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.ReplyToSender = void 0;
const common_1 = require("@nestjs/common");
/**
 * Delivers asynchronous responses to an allow-listed wsa:ReplyTo (the edge has already checked the
 * allow-list). Retries with back-off on network errors and 5xx; never retries a 4xx.
 */
let ReplyToSender = ReplyToSender_1 = class ReplyToSender {
    logger = new common_1.Logger(ReplyToSender_1.name);
    /** Back-off between attempts, in ms. */
    delays = [0, 1000, 5000];
    async send(address, res, requestId) {
        for (const [i, delay] of this.delays.entries()) {
            if (delay)
                await new Promise((r) => setTimeout(r, delay));
            try {
                const r = await fetch(address, {
                    method: 'POST',
                    headers: { 'content-type': res.contentType ?? 'application/soap+xml; charset=utf-8', ...(res.headers ?? {}) },
                    body: res.body,
                    signal: AbortSignal.timeout(30_000),
                });
                await r.arrayBuffer().catch(() => undefined);
                if (r.ok) {
                    this.logger.log(`[${requestId}] async response delivered to ReplyTo (attempt ${i + 1})`);
                    return true;
                }
                if (r.status < 500) {
                    this.logger.warn(`[${requestId}] ReplyTo refused the async response: HTTP ${r.status}`);
                    return false;
                }
            }
            catch (e) {
                this.logger.warn(`[${requestId}] ReplyTo delivery attempt ${i + 1} failed: ${e.name}`);
            }
        }
        this.logger.error(`[${requestId}] async response could not be delivered to ReplyTo`);
        return false;
    }
};
exports.ReplyToSender = ReplyToSender;
exports.ReplyToSender = ReplyToSender = ReplyToSender_1 = __decorate([
    (0, common_1.Injectable)()
], ReplyToSender);
//# sourceMappingURL=reply-to.sender.js.map