import { Module } from '@nestjs/common';
import { XuaModule } from '@gw/xua';
import { AdminModule } from '../admin.module';
import { XuaDemoAdminController } from './xua-demo-admin.controller';

/** POST /admin/xua/demo-assertion: signed assertions from the sandbox's demo signer, for clients that cannot read .state/. */
@Module({
  imports: [AdminModule, XuaModule],
  controllers: [XuaDemoAdminController],
})
export class XuaDemoAdminModule {}
