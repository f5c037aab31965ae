import { CanActivate, ExecutionContext, Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { GatewayRequest, GatewayResponse } from '../common/http.types';
import { PlatformConfig } from '../platform/platform.config';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Admin API access: `Authorization: Bearer <ADMIN_API_KEY>`. Without a configured key the admin API
 * is disabled (503), never open. Keys are compared as SHA-256 digests in constant time.
 */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  constructor(private readonly cfg: PlatformConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.cfg.ADMIN_API_KEY;
    if (!expected) throw new ServiceUnavailableException('The admin API is disabled: ADMIN_API_KEY is not configured');
    const http = context.switchToHttp();
    const header = http.getRequest<GatewayRequest>().headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]), digest(expected))) {
      // RFC 6750: a 401 names the scheme it wants.
      http.getResponse<GatewayResponse>().setHeader('WWW-Authenticate', 'Bearer realm="gateway-admin"');
      throw new UnauthorizedException('A valid admin bearer key is required');
    }
    return true;
  }
}
