import { Module, OnModuleInit } from '@nestjs/common';
import { startDefaultMetrics } from '@gw/observability';
import { MetricsController } from './metrics.controller';

@Module({ controllers: [MetricsController] })
export class MetricsModule implements OnModuleInit {
  onModuleInit(): void {
    startDefaultMetrics();
  }
}
