import { Module } from '@nestjs/common';
import { AuditModule } from '@gw/audit';
import { configProvider } from '@gw/config';
import { PlatformConfig } from '../platform/platform.config';
import { AdminAccessAuditInterceptor } from './admin-access.audit';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { AuditAdminController } from './audit/audit-admin.controller';
import { CacheAdminController } from './cache/cache-admin.controller';
import { ConfigAdminController } from './config/config-admin.controller';
import { AdminSessionController } from './session/admin-session.controller';

/**
 * The admin API base: config view, cache purge, the audit trail and the browser sign-in (/admin/login). Other areas add their admin controllers in their
 * own modules (apps/gateway/src/admin/<area>/) with `@AdminApi(tag)` and import this module for the guard.
 */
@Module({
  imports: [AuditModule],
  controllers: [ConfigAdminController, CacheAdminController, AdminSessionController, AuditAdminController],
  providers: [configProvider(PlatformConfig), AdminApiKeyGuard, AdminAccessAuditInterceptor],
  exports: [PlatformConfig, AdminApiKeyGuard, AdminAccessAuditInterceptor],
})
export class AdminModule {}
