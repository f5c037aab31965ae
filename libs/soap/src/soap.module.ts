import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { configProvider } from '@gw/config';
import { XuaModule } from '@gw/xua';
import { AuditModule } from '@gw/audit';
import { SoapConfig } from './soap.config';
import { IheDispatcher } from './routing/ihe-dispatcher.service';
import { SoapEdgeService } from './edge/soap-edge.service';
import { ReplyToSender } from './edge/reply-to.sender';

/** The SOAP edge: envelope handling, WS-Addressing, XUA, MTOM and routing to `@IheTransaction` handlers. */
@Module({
  imports: [DiscoveryModule, XuaModule, AuditModule],
  providers: [configProvider(SoapConfig), IheDispatcher, SoapEdgeService, ReplyToSender],
  exports: [SoapConfig, IheDispatcher, SoapEdgeService],
})
export class SoapModule {}
