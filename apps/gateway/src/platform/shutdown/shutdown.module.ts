import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { HttpDrain } from './http-drain.service';
import { ShutdownConfig } from './shutdown.config';

/** The HTTP drain of a graceful shutdown (see ShutdownConfig); read by readiness and main.ts. */
@Module({
  providers: [configProvider(ShutdownConfig), HttpDrain],
  exports: [HttpDrain, ShutdownConfig],
})
export class ShutdownModule {}
