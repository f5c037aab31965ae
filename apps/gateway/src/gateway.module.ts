import { Module } from '@nestjs/common';
import { GatewayCacheModule } from '@gw/cache';
import { AuditModule } from '@gw/audit';
import { IheModule } from '@gw/ihe';
import { SoapEdgeModule } from './soap/soap-edge.module';
import { CeidMapModule } from './admin/ceid-map/ceid-map.module';
import { DocumentsAdminModule } from './admin/documents/documents-admin.module';
import { PlatformModule } from './platform/platform.module';

/** Composition root of the gateway: imports the lib modules; holds no logic of its own. */
@Module({
  imports: [
    PlatformModule,
    GatewayCacheModule,
    AuditModule,
    IheModule,
    SoapEdgeModule,
    CeidMapModule,
    DocumentsAdminModule,
  ],
})
export class GatewayModule {}
