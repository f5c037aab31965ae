import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { ServerResponse } from 'node:http';
import { register } from 'prom-client';

/** Prometheus scrape endpoint (text exposition format). Unauthenticated, like /health: expose it only on the internal network. */
@ApiExcludeController()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  @Get()
  async scrape(@Res() res: ServerResponse): Promise<void> {
    res.setHeader('Content-Type', register.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.end(await register.metrics());
  }
}
