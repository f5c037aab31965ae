import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** The production entry in a real process (tsx): cluster mode's settings are checked before any worker starts. */
function boot(env: Record<string, string>) {
  return spawnSync(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'apps/gateway/src/main.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 50_000,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      // External NHS endpoints configured, so no embedded sandbox is started first.
      PDS_BASE_URL: 'http://127.0.0.1:9/pds',
      SDS_BASE_URL: 'http://127.0.0.1:9/sds',
      NHS_TOKEN_URL: 'http://127.0.0.1:9/token',
      ...env,
    },
  });
}

describe('cluster mode (GATEWAY_WORKERS)', () => {
  it('refuses to start workers without REDIS_URL (they must share cache, matches, replay store and rate limit)', () => {
    const run = boot({ GATEWAY_WORKERS: '2', REDIS_URL: '' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'GATEWAY_WORKERS > 1 needs REDIS_URL: the workers must share the document cache, matches, replay store and rate limit',
    );
    expect(run.stdout).not.toMatch(/Cluster mode: starting/);
  });

  it('validates GATEWAY_WORKERS like every setting', () => {
    const run = boot({ GATEWAY_WORKERS: '0' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^ {2}- GATEWAY_WORKERS: must not be less than 1$/m);
  });
});
