import { issueSessionToken } from '../../apps/gateway/src/admin/session/admin-session.token';
import { startGateway, type StartedGateway } from '../support/gateway-harness';

const ADMIN_KEY = 'document-page-e2e-admin-key-0123456789';
const NHS = '9690937286';
const BROWSER = { Accept: 'text/html,application/xhtml+xml', 'Sec-Fetch-Site': 'same-origin' };

/** The document page a clinician opens in a browser: sign-in, session cookie, banner and index. */
describe('admin document page in a browser', () => {
  let gw: StartedGateway;
  let uniqueId: string;

  beforeAll(async () => {
    gw = await startGateway({ ADMIN_API_KEY: ADMIN_KEY, TRUST_PROXY_HOPS: '1' });
    const res = await fetch(`${gw.url}/admin/documents/patients/${NHS}/refresh`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(res.status).toBe(200);
    uniqueId = ((await res.json()) as { uniqueId: string }).uniqueId;
  });
  afterAll(() => gw?.close());

  const page = () => `/admin/documents/${uniqueId}/html`;

  function login(key: string, headers: Record<string, string> = {}, next = page()): Promise<Response> {
    return fetch(`${gw.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...BROWSER, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ key, next }).toString(),
    });
  }

  async function sessionCookie(): Promise<string> {
    const res = await login(ADMIN_KEY);
    return res.headers.get('set-cookie')!.split(';')[0];
  }

  it('sends a browser without a session to the sign-in page, and that page is a strict, script-free form', async () => {
    const res = await fetch(`${gw.url}${page()}`, { headers: BROWSER, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/login?next=${encodeURIComponent(page())}`);

    const form = await fetch(`${gw.url}${res.headers.get('location')}`);
    const html = await form.text();
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toMatch(/^text\/html/);
    expect(form.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(html).toContain('<form method="post" action="/admin/login">');
    expect(html).toContain('type="password"');
    expect(html).toContain(`name="next" value="${page()}"`);
    expect(html).not.toMatch(/<script/i);
  });

  it('does not carry a foreign "next" (no open redirect)', async () => {
    const html = await (await fetch(`${gw.url}/admin/login?next=${encodeURIComponent('https://evil.example/x')}`)).text();
    expect(html).not.toContain('evil.example');
    const res = await login(ADMIN_KEY, {}, '//evil.example/x');
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
  });

  it('refuses a wrong key without a cookie', async () => {
    const res = await login('not-the-admin-key-0123456789');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('That is not the admin key.');
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; /);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('accepts a same-origin form post whose Origin is "null" (Referrer-Policy: no-referrer)', async () => {
    expect((await login(ADMIN_KEY, { Origin: 'null' })).status).toBe(303);
  });

  it('refuses a sign-in posted from another site', async () => {
    expect((await login(ADMIN_KEY, { 'Sec-Fetch-Site': 'cross-site', Origin: 'http://evil.example' })).status).toBe(403);
    expect((await login(ADMIN_KEY, { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    // A browser without Sec-Fetch-Site: Origin decides.
    const { 'Sec-Fetch-Site': _, ...older } = BROWSER;
    const post = (origin: string) =>
      fetch(`${gw.url}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...older, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key: ADMIN_KEY }).toString(),
      });
    expect((await post('http://evil.example')).status).toBe(403);
    expect((await post(gw.url)).status).toBe(200);
  });

  it('signs in with the key: a short, HttpOnly, SameSite=Strict cookie and back to the page', async () => {
    const res = await login(ADMIN_KEY);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(page());
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^gw_admin_session=v1\.\d+\.[\w-]+\.[\w-]+; Path=\/admin; Max-Age=900; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(ADMIN_KEY);

    const https = await login(ADMIN_KEY, { 'X-Forwarded-Proto': 'https' });
    expect(https.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('shows the page with the cookie: patient banner from the CCD, GP practice, section index', async () => {
    const res = await fetch(`${gw.url}${page()}`, { headers: { ...BROWSER, Cookie: await sessionCookie() } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const banner = /<header class="banner"[^>]*>(.*?)<\/header>/.exec(html)![1];
    expect(banner).toContain('SKELLY');
    expect(banner).toContain('<dt>NHS number</dt><dd>969 093 7286</dd>');
    expect(banner).toMatch(/<dt>Born<\/dt><dd>\d{2}-[A-Z][a-z]{2}-\d{4}<\/dd>/);
    expect(banner).toMatch(/<dt>GP practice<\/dt><dd>[^<]+\([A-Z]\d{5}\)<\/dd>/);
    const index = /<nav aria-label="Sections">(.*?)<\/nav>/.exec(html)![1];
    const links = [...index.matchAll(/href="#(s\d+)">([^<]+)</g)];
    expect(links.length).toBeGreaterThan(3);
    for (const [, id] of links) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('action="/admin/logout"');
    expect(html).not.toMatch(/<script/i);
  });

  it('accepts the cookie only on the page: the JSON API and every change still need the bearer key', async () => {
    const cookie = await sessionCookie();
    const list = await fetch(`${gw.url}/admin/documents/patients/${NHS}`, { headers: { Cookie: cookie } });
    expect(list.status).toBe(401);
    const refresh = await fetch(`${gw.url}/admin/documents/patients/${NHS}/refresh`, { method: 'POST', headers: { Cookie: cookie } });
    expect(refresh.status).toBe(401);
  });

  it('refuses a tampered, expired or foreign-key session', async () => {
    const good = (await sessionCookie()).split('=')[1];
    const tampered = good.replace(/\.(\d+)\./, (_, exp: string) => `.${Number(exp) + 3600}.`);
    const expired = issueSessionToken(ADMIN_KEY, 60, Date.now() - 3_600_000).token;
    const foreign = issueSessionToken('another-gateway-admin-key-0123456789', 900).token;
    for (const token of [tampered, expired, foreign]) {
      const res = await fetch(`${gw.url}${page()}`, { headers: { Cookie: `gw_admin_session=${token}` } });
      expect(res.status).toBe(401);
    }
  });

  it('signs out: the cookie is cleared', async () => {
    const res = await fetch(`${gw.url}/admin/logout`, { method: 'POST', redirect: 'manual', headers: { Cookie: await sessionCookie() } });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^gw_admin_session=; Path=\/admin; Max-Age=0; HttpOnly; SameSite=Strict$/);
  });
});
