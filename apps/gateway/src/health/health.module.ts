import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { configProvider } from '@gw/config';
import { CacheHealthIndicator } from './cache.health';
import { HealthConfig } from './health.config';
import { HealthController } from './health.controller';
import { UpstreamHealthIndicator } from './upstream.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [configProvider(HealthConfig), CacheHealthIndicator, UpstreamHealthIndicator],
})
export class HealthModule {}
