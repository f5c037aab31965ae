import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuditModule } from '@gw/audit';
import { configProvider } from '@gw/config';
import { AuditHealthIndicator } from './audit.health';
import { CacheHealthIndicator } from './cache.health';
import { HealthConfig } from './health.config';
import { ShutdownModule } from '../platform/shutdown/shutdown.module';
import { HealthController } from './health.controller';
import { ShutdownHealthIndicator } from './shutdown.health';
import { UpstreamHealthIndicator } from './upstream.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), ShutdownModule, AuditModule],
  controllers: [HealthController],
  providers: [configProvider(HealthConfig), CacheHealthIndicator, AuditHealthIndicator, UpstreamHealthIndicator, ShutdownHealthIndicator],
})
export class HealthModule {}
