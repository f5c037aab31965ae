import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AuditConfig, AuditService } from '@gw/audit';

/**
 * Readiness of the audit trail: down when more than AUDIT_BACKLOG_READY_MAX records wait for the
 * audit sink (it has been unreachable for a while, or is slower than the traffic), or when the
 * outbox itself does not answer. Records keep being queued meanwhile: nothing is lost while down.
 */
@Injectable()
export class AuditHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly audit: AuditService,
    private readonly cfg: AuditConfig,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const session = this.health.check('audit');
    const outbox = this.audit.outboxKind;
    let backlog: number;
    try {
      backlog = await this.audit.backlog();
    } catch {
      return session.down({ outbox, message: 'the audit outbox did not answer' });
    }
    const threshold = this.cfg.AUDIT_BACKLOG_READY_MAX;
    return backlog > threshold
      ? session.down({ outbox, backlog, threshold, message: 'audit records are waiting for the audit sink' })
      : session.up({ outbox, backlog, sink: this.cfg.AUDIT_SINK });
  }
}
