import { Injectable, Logger } from '@nestjs/common';
import type { SoapHttpResponse } from './soap-http';

/**
 * Delivers asynchronous responses to an allow-listed wsa:ReplyTo (the edge has already checked the
 * allow-list). Retries with back-off on network errors and 5xx; never retries a 4xx.
 */
@Injectable()
export class ReplyToSender {
  private readonly logger = new Logger(ReplyToSender.name);
  /** Back-off between attempts, in ms. */
  protected readonly delays = [0, 1000, 5000];

  async send(address: string, res: SoapHttpResponse, requestId: string): Promise<boolean> {
    for (const [i, delay] of this.delays.entries()) {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      try {
        const r = await fetch(address, {
          method: 'POST',
          headers: { 'content-type': res.contentType ?? 'application/soap+xml; charset=utf-8', ...(res.headers ?? {}) },
          body: Uint8Array.from(res.body),
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
      } catch (e) {
        this.logger.warn(`[${requestId}] ReplyTo delivery attempt ${i + 1} failed: ${(e as Error).name}`);
      }
    }
    this.logger.error(`[${requestId}] async response could not be delivered to ReplyTo`);
    return false;
  }
}
