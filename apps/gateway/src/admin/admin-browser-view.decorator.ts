import { SetMetadata } from '@nestjs/common';

export const ADMIN_BROWSER_VIEW = 'gw:admin-browser-view';

/**
 * Marks a read-only admin GET route a person opens in a browser: besides the bearer key it accepts
 * the admin session cookie set by the sign-in page (/admin/login). Only GET routes carry it, so the
 * cookie never authorises a change (with SameSite=Strict, the CSRF defence).
 */
export const AdminBrowserView = (): MethodDecorator => SetMetadata(ADMIN_BROWSER_VIEW, true);
