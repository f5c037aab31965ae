import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, tap, throwError, type Observable } from 'rxjs';
import { AuditService, type AuditOutcome } from '@gw/audit';
import type { RequesterIdentity } from '@gw/identity';
import { routePattern, type GatewayRequest } from '../common/http.types';

/** The admin caller, as the audit trail sees it (one shared key: no person is named). */
export const ADMIN_REQUESTER: RequesterIdentity = { source: 'default', subjectId: 'gateway-admin' };

const AUDITS_ITSELF = 'gw:admin-audits-itself';

/** On a controller that writes its own, more precise records (the patient and documents concerned). */
export const AuditsItself = (): ClassDecorator => SetMetadata(AUDITS_ITSELF, true);

export function outcomeOfStatus(status: number): AuditOutcome {
  if (status < 400) return 'success';
  if (status === 401 || status === 403 || status === 503) return 'refused';
  if (status === 404) return 'not-found';
  return status < 500 ? 'query-error' : 'error';
}

/** What the audit names: the method and the route pattern, never the URL (it may carry an NHS number). */
export function adminDetail(req: GatewayRequest): string {
  return `admin:${req.method} ${routePattern(req) ?? 'unmatched'}`;
}

export function recordAdminAccess(audit: AuditService, req: GatewayRequest, status: number): void {
  audit.record({
    transaction: 'ADMIN',
    requestId: req.id || 'admin',
    outcome: outcomeOfStatus(status),
    requester: ADMIN_REQUESTER,
    detail: adminDetail(req),
  });
}

/** One audit record per admin request that passed the key check (the guard records the refused ones). */
@Injectable()
export class AdminAccessAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.reflector.get<boolean>(AUDITS_ITSELF, context.getClass())) return next.handle();
    const req = context.switchToHttp().getRequest<GatewayRequest>();
    return next.handle().pipe(
      tap(() => recordAdminAccess(this.audit, req, 200)),
      catchError((e: unknown) => {
        recordAdminAccess(this.audit, req, e instanceof HttpException ? e.getStatus() : 500);
        return throwError(() => e);
      }),
    );
  }
}
