import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { KeyValueStore } from '@gw/cache';
import { HealthConfig } from './health.config';

/** Readiness of the cache: a write-and-read round trip within the deadline (Redis), or "memory". */
@Injectable()
export class CacheHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly store: KeyValueStore,
    private readonly cfg: HealthConfig,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const session = this.health.check('cache');
    if (this.store.kind === 'memory') return session.up({ store: 'memory' });
    const ok = await this.store.isHealthy(this.cfg.HEALTH_CHECK_TIMEOUT_MS);
    return ok ? session.up({ store: 'redis' }) : session.down({ store: 'redis', message: 'Redis did not answer a write-and-read in time' });
  }
}
