import {
  CanActivate,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '@gw/audit';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { GatewayRequest, GatewayResponse } from '../common/http.types';
import { PlatformConfig } from '../platform/platform.config';
import { recordAdminAccess } from './admin-access.audit';
import { ADMIN_BROWSER_VIEW } from './admin-browser-view.decorator';
import { ADMIN_SESSION_COOKIE, readCookie, verifySessionToken } from './session/admin-session.token';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Admin API access: `Authorization: Bearer <ADMIN_API_KEY>`. Without a configured key the admin API
 * is disabled (503), never open. Keys are compared as SHA-256 digests in constant time. Routes marked
 * `@AdminBrowserView()` (read-only GETs) also accept a valid admin session cookie.
 */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  constructor(
    private readonly cfg: PlatformConfig,
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    try {
      return this.check(context);
    } catch (e) {
      // Refused admin access is audited too; a browser sent to sign in (303) is not an attempt yet.
      const status = e instanceof HttpException ? e.getStatus() : 500;
      if (status !== 303) recordAdminAccess(this.audit, context.switchToHttp().getRequest<GatewayRequest>(), status);
      throw e;
    }
  }

  private check(context: ExecutionContext): boolean {
    const expected = this.cfg.ADMIN_API_KEY;
    if (!expected) throw new ServiceUnavailableException('The admin API is disabled: ADMIN_API_KEY is not configured');
    const http = context.switchToHttp();
    const req = http.getRequest<GatewayRequest>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]), digest(expected))) return true;
    const res = http.getResponse<GatewayResponse>();
    if (this.sessionAllowed(context, req)) {
      if (verifySessionToken(expected, readCookie(req.headers.cookie, ADMIN_SESSION_COOKIE))) return true;
      // A person opening the page in a browser is sent to sign in, and back here afterwards.
      if (/\btext\/html\b/.test(String(req.headers.accept ?? ''))) {
        res.header('Location', `/admin/login?next=${encodeURIComponent(req.url.split('?')[0])}`);
        throw new HttpException('Sign in at /admin/login', HttpStatus.SEE_OTHER);
      }
    }
    // RFC 6750: a 401 names the scheme it wants.
    res.header('WWW-Authenticate', 'Bearer realm="gateway-admin"');
    throw new UnauthorizedException('A valid admin bearer key is required');
  }

  private sessionAllowed(context: ExecutionContext, req: GatewayRequest): boolean {
    return (
      (req.method === 'GET' || req.method === 'HEAD') && this.reflector.get<boolean>(ADMIN_BROWSER_VIEW, context.getHandler()) === true
    );
  }
}
