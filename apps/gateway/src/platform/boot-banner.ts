import { Logger } from '@nestjs/common';

export interface BootFacts {
  /** Base URL a person would type, e.g. http://localhost:3000. */
  base: string;
  /** What HOST:PORT the server is bound to. */
  bound: string;
  /** URL of the embedded NHS sandbox, or undefined when real NHS endpoints are configured. */
  sandboxUrl?: string;
  swagger: boolean;
  adminEnabled: boolean;
  cache: 'Redis' | 'in-memory';
  tracing: boolean;
}

/** The few lines that say where everything is, in the order a person needs them. */
export function bannerLines(f: BootFacts): string[] {
  return [
    `Gateway listening on ${f.base} (bound to ${f.bound}); SOAP endpoints under ${f.base}/SOAP/{endpoint}`,
    f.sandboxUrl
      ? `NHS sandbox (embedded) listening on ${f.sandboxUrl}`
      : 'NHS endpoints: external (PDS_BASE_URL, SDS_BASE_URL, NHS_TOKEN_URL)',
    `Health: ${f.base}/health/live and ${f.base}/health/ready; metrics: ${f.base}/metrics`,
    f.swagger ? `API docs (Swagger UI): ${f.base}/docs` : 'API docs disabled (SWAGGER_ENABLED=false)',
    f.adminEnabled
      ? `Admin: API under ${f.base}/admin (bearer ADMIN_API_KEY); document pages after signing in at ${f.base}/admin/login`
      : 'Admin API disabled: ADMIN_API_KEY is not set (every /admin route answers 503)',
    `Cache: ${f.cache}; tracing: ${f.tracing ? 'on (OTLP)' : 'off'}`,
  ];
}

/**
 * Logs the banner as JSON lines like every other event; when stdout is a terminal (a person ran
 * `npm start`), prints it once more as plain text, as the last lines of the boot, so where everything
 * is can be read without parsing JSON. Piped or shipped logs stay pure JSON.
 */
export function printBootBanner(f: BootFacts, out: NodeJS.WriteStream = process.stdout): void {
  const log = new Logger('Gateway');
  const lines = bannerLines(f);
  for (const line of lines) log.log(line);
  if (!f.adminEnabled) log.warn('ADMIN_API_KEY is not set: the admin API under /admin is disabled (503)');
  if (out.isTTY) out.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
}
