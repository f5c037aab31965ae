import { Module } from '@nestjs/common';
import { SoapModule } from '@gw/soap';
import { SoapController } from './soap.controller';

/** HTTP face of the SOAP edge. Transaction handlers come from IheModule (imported by GatewayModule). */
@Module({
  imports: [SoapModule],
  controllers: [SoapController],
})
export class SoapEdgeModule {}
