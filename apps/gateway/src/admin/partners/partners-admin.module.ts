import { Module } from '@nestjs/common';
import { XuaModule } from '@gw/xua';
import { AdminModule } from '../admin.module';
import { PartnersAdminController } from './partners-admin.controller';

/** GET /admin/partners: the XUA partner profiles in force. */
@Module({
  imports: [AdminModule, XuaModule],
  controllers: [PartnersAdminController],
})
export class PartnersAdminModule {}
