import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { CONFIG_ENV } from '@gw/config';
import { AuditHealthIndicator } from './audit.health';
import { CacheHealthIndicator } from './cache.health';
import { ShutdownHealthIndicator } from './shutdown.health';
import { configuredUpstreams, UpstreamHealthIndicator } from './upstream.health';

@ApiTags('health')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly cache: CacheHealthIndicator,
    private readonly upstream: UpstreamHealthIndicator,
    private readonly shutdown: ShutdownHealthIndicator,
    private readonly audit: AuditHealthIndicator,
    @Optional() @Inject(CONFIG_ENV) private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: not shutting down, the cache answers, the audit backlog is under its threshold and the NHS endpoints are reachable (503 otherwise)',
  })
  ready(): Promise<HealthCheckResult> {
    // While shutting down the answer is 503 at once, without waiting on the other checks.
    if (this.shutdown.shuttingDown) return this.health.check([() => this.shutdown.check()]);
    return this.health.check([
      () => this.shutdown.check(),
      () => this.cache.check(),
      () => this.audit.check(),
      ...configuredUpstreams(this.env).map((u) => () => this.upstream.check(u)),
    ]);
  }
}
