import { Module } from '@nestjs/common';
import { AuthModule } from '@gw/auth';
import { AdminModule } from '../admin.module';
import { KeysAdminController } from './keys-admin.controller';

/** GET /admin/keys and POST /admin/keys/rotate: the NHS signing key ring. */
@Module({
  imports: [AdminModule, AuthModule],
  controllers: [KeysAdminController],
})
export class KeysAdminModule {}
