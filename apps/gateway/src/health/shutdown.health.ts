import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { HttpDrain } from '../platform/shutdown/http-drain.service';

/** Down from the moment shutdown begins, so a load balancer stops routing here while requests drain. */
@Injectable()
export class ShutdownHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly drain: HttpDrain,
  ) {}

  get shuttingDown(): boolean {
    return this.drain.draining;
  }

  check(): HealthIndicatorResult {
    const session = this.health.check('shutdown');
    return this.drain.draining ? session.down({ message: 'shutting down' }) : session.up();
  }
}
