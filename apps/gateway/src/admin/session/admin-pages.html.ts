import { escapeAttr, escapeText } from '@gw/xml-escape';

/**
 * The admin pages a person opens in a browser carry no script and load nothing: this policy
 * replaces helmet's for them (forms may only post back to the gateway; no framing).
 */
export const ADMIN_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const ADMIN_PAGE_STYLE =
  'body{font-family:system-ui,sans-serif;margin:0;color:#212b32;background:#f0f4f5}' +
  'main{box-sizing:border-box;max-width:70em;margin:0 auto;padding:1.5em 2em;background:#fff;min-height:100vh}' +
  'label{display:block;font-weight:600;margin:1em 0 .3em}input[type=password],input[type=text]{font-size:1.1em;padding:.4em;width:24em;max-width:100%}' +
  'button{font-size:1em;padding:.5em 1.2em;margin-top:1em;background:#005eb8;color:#fff;border:0;border-radius:4px;cursor:pointer}' +
  '.error{color:#d5281b;font-weight:600}.muted{color:#4c6272}';

export function adminPage(title: string, body: string): string {
  return (
    `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeText(title)}</title><style>${ADMIN_PAGE_STYLE}</style></head><body><main>${body}</main></body></html>`
  );
}

/** The sign-in form: the admin key is posted to /admin/login and exchanged for a session cookie. */
export function loginPage(opts: { next?: string; error?: string }): string {
  return adminPage(
    'Sign in — GP record gateway admin',
    `<h1>GP record gateway — admin sign-in</h1>` +
      `<p class="muted">Opens the document views in this browser for a short session. Use the admin key (ADMIN_API_KEY).</p>` +
      (opts.error ? `<p class="error" role="alert">${escapeText(opts.error)}</p>` : '') +
      `<form method="post" action="/admin/login">` +
      `<label for="key">Admin key</label><input id="key" name="key" type="password" autocomplete="current-password" required autofocus>` +
      (opts.next ? `<input type="hidden" name="next" value="${escapeAttr(opts.next)}">` : '') +
      `<br><button type="submit">Sign in</button></form>`,
  );
}

/** Shown after signing in without a page to return to. */
export function signedInPage(expiresAt: Date): string {
  return adminPage(
    'Signed in — GP record gateway admin',
    `<h1>Signed in</h1><p>Until ${escapeText(expiresAt.toISOString().slice(11, 16))} UTC. Open a document at ` +
      `<code>/admin/documents/{uniqueId}/html</code> (its uniqueId is listed by <code>GET /admin/documents/patients/{nhsNumber}</code>).</p>` +
      `<form method="post" action="/admin/logout"><button type="submit">Sign out</button></form>`,
  );
}
