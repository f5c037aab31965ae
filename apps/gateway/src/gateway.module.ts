import { Module } from '@nestjs/common';

/** Composition root of the gateway: imports the lib modules; holds no logic of its own. */
@Module({
  imports: [],
})
export class GatewayModule {}
