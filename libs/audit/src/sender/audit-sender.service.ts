import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { describeErrorSafely } from '@gw/observability';
import { AuditConfig } from '../audit.config';
import { backlogGauge, delivered, sendFailures } from '../audit.metrics';
import { AuditOutbox } from '../outbox/audit-outbox';
import type { AuditSink } from '../sink/audit-sink';
import { AUDIT_SINK } from '../sink/sink.factory';
import { backoffDelay } from './backoff';

/** How often an idle sender looks for new records (it is also woken at once by each append). */
const IDLE_POLL_MS = 500;

/**
 * Ships the outbox to the sink in the background, oldest first, in batches; a record leaves the
 * outbox only after the sink confirmed it. A failed send is retried with exponential backoff, for
 * as long as it takes: nothing is dropped. Keeps gw_audit_outbox_backlog current.
 */
@Injectable()
export class AuditSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSender');
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private sleeping?: NodeJS.Timeout;
  private failures = 0;

  constructor(
    private readonly cfg: AuditConfig,
    private readonly outbox: AuditOutbox,
    @Inject(AUDIT_SINK) private readonly sink: AuditSink,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.sink.close();
    await this.outbox.close();
  }

  /** A record was appended: send it now rather than at the next poll (unless backing off). */
  nudge(): void {
    if (this.failures === 0) this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let wait = IDLE_POLL_MS;
      try {
        const entries = await this.outbox.claim(this.cfg.AUDIT_SEND_BATCH);
        if (entries.length) {
          await this.sink.send(entries.map((e) => e.record));
          await this.outbox.confirm(entries);
          delivered.inc({ sink: this.sink.name }, entries.length);
          if (this.failures) this.logger.log(`Audit sink ${this.sink.name} reachable again after ${this.failures} failed sends`);
          this.failures = 0;
          wait = 0;
        }
      } catch (e) {
        this.failures++;
        sendFailures.inc({ sink: this.sink.name });
        wait = backoffDelay(this.failures, this.cfg.AUDIT_SEND_MIN_BACKOFF_MS, this.cfg.AUDIT_SEND_MAX_BACKOFF_MS);
        if (this.failures === 1 || this.failures % 20 === 0)
          this.logger.warn(
            `Audit send to ${this.sink.name} failed (${this.failures} in a row), retrying in ${wait} ms: ${describeErrorSafely(e)}`,
          );
      }
      await this.updateBacklog();
      if (wait > 0 && this.running) await this.sleep(wait);
    }
  }

  private async updateBacklog(): Promise<void> {
    try {
      backlogGauge.set({ outbox: this.outbox.kind }, await this.outbox.backlog());
    } catch {
      // Redis not answering: the gauge keeps its last value; the health check reports the outage.
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(this.sleeping);
        this.wake = undefined;
        resolve();
      };
      // Unref'd: the sender works while something else keeps the process up; it never holds one open by itself.
      this.sleeping = setTimeout(done, ms).unref();
      this.wake = done;
    });
  }
}
