import { Module } from '@nestjs/common';
import { IheModule } from '@gw/ihe';
import { AdminModule } from '../admin.module';
import { CeidMapController } from './ceid-map.controller';

/** Admin API for the NHS number ⇄ CEID mappings. */
@Module({
  imports: [AdminModule, IheModule],
  controllers: [CeidMapController],
})
export class CeidMapModule {}
