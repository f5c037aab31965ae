import { Body, Controller, ForbiddenException, Get, Header, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { GatewayRequest, GatewayResponse } from '../../common/http.types';
import { PlatformConfig } from '../../platform/platform.config';
import { ADMIN_PAGE_CSP, loginPage, signedInPage } from './admin-pages.html';
import { ADMIN_SESSION_COOKIE, issueSessionToken } from './admin-session.token';

/** Where a sign-in may return to: a gateway admin path, never another site (no open redirect). */
// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '/', which the segment class excludes: linear
const NEXT = /^\/admin\/[\w.~%-]+(\/[\w.~%-]+)*$/;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Browser sign-in for the admin document views: a form posting the admin key, answered with a
 * short-lived signed session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS, Path=/admin).
 * The cookie is accepted only by read-only `@AdminBrowserView()` GET routes; the JSON API keeps
 * needing the bearer key. Not in the OpenAPI document: these are pages, not API operations.
 */
@ApiExcludeController()
@Controller('admin')
export class AdminSessionController {
  private readonly logger = new Logger(AdminSessionController.name);

  constructor(private readonly cfg: PlatformConfig) {}

  @Get('login')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', ADMIN_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  form(@Query('next') next?: string): string {
    return loginPage({ next: typeof next === 'string' && NEXT.test(next) ? next : undefined });
  }

  @Post('login')
  @HttpCode(200)
  login(@Req() req: GatewayRequest, @Res() res: GatewayResponse, @Body() body: unknown): void {
    this.sameOrigin(req);
    const expected = this.cfg.ADMIN_API_KEY;
    const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const next = typeof form.next === 'string' && NEXT.test(form.next) ? form.next : undefined;
    // Written by hand (a redirect or a page), so the page headers are set here rather than by @Header.
    res.header('Content-Security-Policy', ADMIN_PAGE_CSP);
    res.header('Cache-Control', 'no-store');
    const html = (status: number, page: string) => res.code(status).type('text/html; charset=utf-8').send(page);
    if (!expected) return void html(503, loginPage({ next, error: 'The admin API is disabled: ADMIN_API_KEY is not configured.' }));
    const key = typeof form.key === 'string' ? form.key : '';
    if (!timingSafeEqual(digest(key), digest(expected))) {
      this.logger.warn('Admin sign-in refused: wrong key');
      return void html(401, loginPage({ next, error: 'That is not the admin key.' }));
    }
    const { token, expiresAt } = issueSessionToken(expected, this.cfg.ADMIN_SESSION_TTL_S);
    res.header('Set-Cookie', this.cookie(req, token, this.cfg.ADMIN_SESSION_TTL_S));
    this.logger.log('Admin signed in (browser session)');
    if (next) return void res.code(303).header('Location', next).send();
    html(200, signedInPage(expiresAt));
  }

  @Post('logout')
  logout(@Req() req: GatewayRequest, @Res() res: GatewayResponse): void {
    this.sameOrigin(req);
    void res
      .code(303)
      .header('Set-Cookie', this.cookie(req, '', 0))
      .header('Location', '/admin/login')
      .header('Cache-Control', 'no-store')
      .send();
  }

  private cookie(req: GatewayRequest, value: string, maxAge: number): string {
    // Secure whenever the browser reached us over HTTPS (directly, or through a trusted proxy).
    return `${ADMIN_SESSION_COOKIE}=${value}; Path=/admin; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${req.protocol === 'https' ? '; Secure' : ''}`;
  }

  /**
   * Form posts from another site are refused (login CSRF). Browsers say where a form post comes from
   * in Sec-Fetch-Site; older ones only in Origin, which must then name this host. (With helmet's
   * Referrer-Policy: no-referrer, a browser's Origin on a same-site form post is "null", so
   * Sec-Fetch-Site decides when present.) Non-browser clients send neither and are let through.
   */
  private sameOrigin(req: GatewayRequest): void {
    const refuse = () => {
      throw new ForbiddenException('Cross-site sign-in refused');
    };
    const site = req.headers['sec-fetch-site'];
    if (site) {
      if (site !== 'same-origin' && site !== 'none') refuse();
      return;
    }
    const origin = req.headers.origin;
    if (origin === undefined) return;
    let host: string | undefined;
    try {
      host = origin === 'null' ? undefined : new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== req.headers.host) refuse();
  }
}
