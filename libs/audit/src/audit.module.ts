import { Global, Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { AuditConfig } from './audit.config';
import { AuditService } from './audit.service';

/** Global: every transaction handler and the admin API record through the one AuditService. */
@Global()
@Module({
  providers: [configProvider(AuditConfig), AuditService],
  exports: [AuditService, AuditConfig],
})
export class AuditModule {}
