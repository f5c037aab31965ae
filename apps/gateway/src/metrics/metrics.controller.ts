import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { register } from 'prom-client';
import type { GatewayResponse } from '../common/http.types';

/** Prometheus scrape endpoint (text exposition format). Unauthenticated, like /health: expose it only on the internal network. */
@ApiExcludeController()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  @Get()
  async scrape(@Res() reply: GatewayResponse): Promise<void> {
    const text = await register.metrics();
    void reply.type(register.contentType).header('Cache-Control', 'no-store').send(text);
  }
}
