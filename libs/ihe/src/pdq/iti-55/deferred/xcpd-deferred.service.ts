import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AuditService } from '@gw/audit';
import type { RequesterIdentity } from '@gw/identity';
import { counter, gauge } from '@gw/observability';
import { buildEnvelope, runTransaction, type IheHandler, type SoapRequest } from '@gw/soap';
import { DeferredReplyPolicy } from './deferred-reply-policy';
import { deliverDeferred, type DeliveryOutcome } from './deferred-delivery';
import { XcpdDeferredConfig } from './xcpd-deferred.config';

/** wsa:Action of the deferred answer, sent as a request of its own (ITI TF-2b 3.55.6.2). */
export const ITI55_DEFERRED_RESPONSE_ACTION = 'urn:hl7-org:v3:PRPA_IN201306UV02:Deferred:CrossGatewayPatientDiscovery';

const outcomes = counter(
  'gw_xcpd_deferred_total',
  'XCPD deferred requests by outcome (accepted, queue-full, delivered, rejected, failed, expired, withdrawn, cancelled)',
  ['outcome'] as const,
);
const pendingGauge = gauge('gw_xcpd_deferred_pending', 'XCPD deferred requests accepted and not yet answered');

export interface DeferredJob {
  /** The accepted request (its requester, request id and wsa:MessageID). */
  request: SoapRequest;
  /** respondTo/telecom of the request, already allowed by the policy. */
  address: string;
  /** Answers the query exactly as the immediate mode does (same matching and disclosure rules). */
  handler: IheHandler;
}

/**
 * The deferred XCPD work: a bounded queue, a few workers, a deadline per request. Each job is
 * answered through `runTransaction` (metrics, audit, log line as for an immediate ITI-55) and the
 * PRPA_IN201306UV02 is sent as a SOAP request to the respondTo address, which the policy is asked
 * about again just before sending. Nothing is kept across restarts: an unsent answer is lost, and the
 * initiating gateway's own timeout applies.
 */
@Injectable()
export class XcpdDeferredService implements OnApplicationShutdown {
  private readonly logger = new Logger(XcpdDeferredService.name);
  private readonly queue: Array<DeferredJob & { deadline: number }> = [];
  private active = 0;
  private readonly stopping = new AbortController();

  constructor(
    private readonly cfg: XcpdDeferredConfig,
    private readonly policy: DeferredReplyPolicy,
    private readonly audit: AuditService,
  ) {}

  get enabled(): boolean {
    return this.policy.enabled;
  }

  allows(address: string, requester: RequesterIdentity): boolean {
    return this.policy.allows(address, requester);
  }

  /** Takes a job, or answers false when XCPD_DEFERRED_QUEUE_MAX requests are already waiting or running. */
  accept(job: DeferredJob): boolean {
    if (this.stopping.signal.aborted || this.queue.length + this.active >= this.cfg.XCPD_DEFERRED_QUEUE_MAX) {
      outcomes.inc({ outcome: 'queue-full' });
      return false;
    }
    outcomes.inc({ outcome: 'accepted' });
    this.queue.push({ ...job, deadline: Date.now() + this.cfg.XCPD_DEFERRED_DEADLINE_MS });
    this.pump();
    return true;
  }

  onApplicationShutdown(): void {
    this.stopping.abort();
    for (const job of this.queue.splice(0)) this.finish(job, 'cancelled');
  }

  private pump(): void {
    pendingGauge.set(this.queue.length + this.active);
    while (this.active < this.cfg.XCPD_DEFERRED_CONCURRENCY && this.queue.length) {
      const job = this.queue.shift()!;
      this.active++;
      void this.run(job)
        .catch((e: unknown) => {
          this.logger.error(`[${job.request.requestId}] deferred ITI-55 failed: ${(e as Error)?.name ?? 'error'}`);
          this.finish(job, 'failed');
        })
        .finally(() => {
          this.active--;
          this.pump();
        });
    }
  }

  private async run(job: DeferredJob & { deadline: number }): Promise<void> {
    if (Date.now() >= job.deadline) return this.finish(job, 'expired');
    const reply = await runTransaction(job.handler, job.request, this.audit, this.logger);
    if (this.stopping.signal.aborted) return this.finish(job, 'cancelled');
    // Asked again: the policy may have changed while PDS was being read.
    if (!this.policy.allows(job.address, job.request.identity)) return this.finish(job, 'withdrawn');
    const envelope = buildEnvelope(
      { action: ITI55_DEFERRED_RESPONSE_ACTION, relatesTo: job.request.messageId, to: job.address },
      reply.bodyXml,
    );
    const result = await deliverDeferred({
      address: job.address,
      envelope,
      action: ITI55_DEFERRED_RESPONSE_ACTION,
      deadline: job.deadline,
      attemptTimeoutMs: this.cfg.XCPD_DEFERRED_ATTEMPT_TIMEOUT_MS,
      retries: this.cfg.XCPD_DEFERRED_RETRIES,
      retryBaseMs: this.cfg.XCPD_DEFERRED_RETRY_BASE_MS,
      signal: this.stopping.signal,
    });
    this.finish(job, result.outcome, `${result.attempts} attempt(s)${result.status ? `, last HTTP ${result.status}` : ''}`);
  }

  /** Counts, logs (the address's origin only) and audits how a deferred request ended. */
  private finish(job: DeferredJob, outcome: DeliveryOutcome | 'withdrawn', how = ''): void {
    outcomes.inc({ outcome });
    let origin = 'invalid';
    try {
      origin = new URL(job.address).origin;
    } catch {
      /* already refused by the policy; kept for the log line */
    }
    const line = `[${job.request.requestId}] deferred ITI-55 answer to ${origin}: ${outcome}${how ? ` (${how})` : ''}`;
    if (outcome === 'delivered') this.logger.log(line);
    else this.logger.warn(line);
    this.audit.record({
      transaction: job.request.transaction,
      requestId: job.request.requestId,
      requester: job.request.identity,
      outcome: outcome === 'delivered' ? 'success' : 'error',
      detail: `deferred:${outcome}`,
    });
  }
}
