import { Module } from '@nestjs/common';
import { AuditModule } from '@gw/audit';
import { SoapModule } from '@gw/soap';
import { SoapController } from './soap.controller';

/** HTTP face of the SOAP edge. Transaction handlers come from IheModule (imported by GatewayModule). */
@Module({
  imports: [SoapModule, AuditModule],
  controllers: [SoapController],
})
export class SoapEdgeModule {}
