import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { configProvider } from '@gw/config';
import { XuaModule } from '@gw/xua';
import { AuditModule } from '@gw/audit';
import { SoapConfig } from './soap.config';
import { IheDispatcher } from './routing/ihe-dispatcher.service';
import { SoapEdgeService } from './edge/soap-edge.service';
import { ReplyToSender } from './edge/reply-to.sender';
import { SoapXmlParser } from './parse-pool/soap-xml-parser';
import { findSchemaDir, SchemaFiles } from './wsdl/schema-files';

/** The SOAP edge: envelope handling, WS-Addressing, XUA, MTOM and routing to `@IheTransaction` handlers. */
@Module({
  imports: [DiscoveryModule, XuaModule, AuditModule],
  providers: [
    configProvider(SoapConfig),
    IheDispatcher,
    SoapEdgeService,
    ReplyToSender,
    SoapXmlParser,
    { provide: SchemaFiles, inject: [SoapConfig], useFactory: (cfg: SoapConfig) => new SchemaFiles(findSchemaDir(cfg.SOAP_SCHEMA_DIR)) },
  ],
  exports: [SoapConfig, IheDispatcher, SoapEdgeService, SchemaFiles],
})
export class SoapModule {}
