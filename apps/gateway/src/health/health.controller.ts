import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { CacheHealthIndicator } from './cache.health';
import { configuredUpstreams, UpstreamHealthIndicator } from './upstream.health';

@ApiTags('health')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly cache: CacheHealthIndicator,
    private readonly upstream: UpstreamHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the cache answers and the NHS endpoints are reachable (503 otherwise)' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.cache.check(), ...configuredUpstreams().map((u) => () => this.upstream.check(u))]);
  }
}
