import { Module } from '@nestjs/common';
import { AuditModule } from '@gw/audit';
import { configProvider } from '@gw/config';
import { SoapModule } from '@gw/soap';
import { PlatformConfig } from '../platform/platform.config';
import { SoapController } from './soap.controller';

/** HTTP face of the SOAP edge. Transaction handlers come from the IHE profile modules (IheModule, imported by GatewayModule). */
@Module({
  imports: [SoapModule, AuditModule],
  controllers: [SoapController],
  // TRUST_PROXY_HOPS decides whether the WSDL address may come from forwarded headers.
  providers: [configProvider(PlatformConfig)],
})
export class SoapEdgeModule {}
