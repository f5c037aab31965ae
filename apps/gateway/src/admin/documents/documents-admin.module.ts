import { Module } from '@nestjs/common';
import { IheModule } from '@gw/ihe';
import { AdminModule } from '../admin.module';
import { DocumentsAdminController } from './documents-admin.controller';

/** Admin endpoints for the cached GP record documents (list, content, HTML view, refresh). */
@Module({
  imports: [AdminModule, IheModule],
  controllers: [DocumentsAdminController],
})
export class DocumentsAdminModule {}
