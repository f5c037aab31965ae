import { Module } from '@nestjs/common';
import { GatewayCacheModule } from '@gw/cache';
import { AuditModule } from '@gw/audit';
import { IheModule } from '@gw/ihe';
import { AuthModule } from '@gw/auth';
import { PdsModule } from '@gw/pds';
import { SdsModule } from '@gw/sds';
import { GpConnectModule } from '@gw/gp-connect';
import { SoapEdgeModule } from './soap/soap-edge.module';
import { CeidMapModule } from './admin/ceid-map/ceid-map.module';
import { DocumentsAdminModule } from './admin/documents/documents-admin.module';
import { KeysAdminModule } from './admin/keys/keys-admin.module';
import { PartnersAdminModule } from './admin/partners/partners-admin.module';
import { XuaDemoAdminModule } from './admin/xua-demo/xua-demo-admin.module';
import { PlatformModule } from './platform/platform.module';

/** Composition root of the gateway: imports the lib modules; holds no logic of its own. */
@Module({
  imports: [
    PlatformModule,
    GatewayCacheModule,
    AuditModule,
    AuthModule,
    PdsModule,
    SdsModule,
    GpConnectModule,
    IheModule,
    SoapEdgeModule,
    CeidMapModule,
    DocumentsAdminModule,
    XuaDemoAdminModule,
    KeysAdminModule,
    PartnersAdminModule,
  ],
})
export class GatewayModule {}
