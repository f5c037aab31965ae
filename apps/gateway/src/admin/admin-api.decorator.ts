import { applyDecorators, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminAccessAuditInterceptor } from './admin-access.audit';
import { AdminApiKeyGuard } from './admin-api-key.guard';

/** Security scheme name used in the OpenAPI document (see createGatewayApp). */
export const ADMIN_BEARER = 'admin-key';

/**
 * Put on every admin controller (under apps/gateway/src/admin/<area>/), with the controller path
 * starting with `admin/`:
 *
 *   @AdminApi('documents')
 *   @Controller('admin/documents')
 *   export class DocumentsAdminController { ... }
 *
 * It applies the bearer-key guard (401 without a valid key, 503 when the admin API is disabled),
 * one audit record per request (refused ones included), the Swagger tag and the bearer security requirement. The guard needs PlatformConfig, which
 * AdminModule exports; import AdminModule in the area's admin module.
 */
export function AdminApi(tag: string): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(ADMIN_BEARER),
    ApiResponse({ status: 401, description: 'Missing or wrong admin bearer key' }),
    ApiResponse({ status: 503, description: 'Admin API disabled (ADMIN_API_KEY not configured)' }),
    UseGuards(AdminApiKeyGuard),
    UseInterceptors(AdminAccessAuditInterceptor),
  );
}
