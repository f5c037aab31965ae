import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bannerLines, printBootBanner, type BootFacts } from './boot-banner';

const FACTS: BootFacts = {
  base: 'http://localhost:3000',
  bound: '0.0.0.0:3000',
  sandboxUrl: 'http://127.0.0.1:3001',
  swagger: true,
  adminEnabled: false,
  cache: 'in-memory',
  tracing: false,
};

function terminal(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const out = { isTTY, text: '', write: (s: string) => ((out.text += s), true) };
  return out as unknown as NodeJS.WriteStream & { text: string };
}

describe('boot banner', () => {
  it('says where everything listens, the admin state, cache and tracing', () => {
    expect(bannerLines(FACTS)).toEqual([
      'Gateway listening on http://localhost:3000 (bound to 0.0.0.0:3000); SOAP endpoints under http://localhost:3000/SOAP/{endpoint}',
      'NHS sandbox (embedded) listening on http://127.0.0.1:3001',
      'Health: http://localhost:3000/health/live and http://localhost:3000/health/ready; metrics: http://localhost:3000/metrics',
      'API docs (Swagger UI): http://localhost:3000/docs',
      'Admin API disabled: ADMIN_API_KEY is not set (every /admin route answers 503)',
      'Cache: in-memory; tracing: off',
    ]);
    expect(bannerLines({ ...FACTS, adminEnabled: true, sandboxUrl: undefined })).toEqual(
      expect.arrayContaining([
        'NHS endpoints: external (PDS_BASE_URL, SDS_BASE_URL, NHS_TOKEN_URL)',
        'Admin: API under http://localhost:3000/admin (bearer ADMIN_API_KEY); document pages after signing in at http://localhost:3000/admin/login',
      ]),
    );
  });

  it('prints it as plain text when stdout is a terminal, and nothing beside the JSON logs otherwise', () => {
    const tty = terminal(true);
    printBootBanner(FACTS, tty);
    expect(tty.text).toBe(
      `\n${bannerLines(FACTS)
        .map((l) => `  ${l}`)
        .join('\n')}\n\n`,
    );
    const pipe = terminal(false);
    printBootBanner(FACTS, pipe);
    expect(pipe.text).toBe('');
  });

  it('is shown in the README exactly as a default `npm start` prints it', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const defaults = { ...FACTS, base: 'http://localhost:3000', bound: '0.0.0.0:3000', sandboxUrl: 'http://127.0.0.1:3001' };
    expect(readme).toContain(
      '```\n' +
        bannerLines(defaults)
          .map((l) => `  ${l}`)
          .join('\n') +
        '\n```',
    );
  });
});
