import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

describe('gateway boot with bad configuration', () => {
  it('exits 1 with one message naming each bad key and why, and no stack trace', () => {
    // main.ts run through tsx: configuration is validated before any Nest DI happens.
    const run = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'apps/gateway/src/main.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 50_000,
      env: {
        ...process.env,
        PORT: 'abc',
        THROTTLE_LIMIT: '0',
        REDIS_URL: 'http://not-redis',
        LOG_LEVEL: 'loud',
        ADMIN_API_KEY: 'too-short-secret',
        // External NHS endpoints configured, so no embedded sandbox is started first.
        PDS_BASE_URL: 'http://127.0.0.1:9/pds',
        SDS_BASE_URL: 'http://127.0.0.1:9/sds',
        NHS_TOKEN_URL: 'http://127.0.0.1:9/token',
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Invalid configuration:$/m);
    expect(run.stderr).toMatch(/^ {2}- PORT: must be an integer number$/m);
    expect(run.stderr).toMatch(/^ {2}- THROTTLE_LIMIT: must not be less than 1$/m);
    expect(run.stderr).toMatch(/^ {2}- REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL$/m);
    expect(run.stderr).toMatch(/^ {2}- LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent$/m);
    expect(run.stderr).toMatch(/^ {2}- ADMIN_API_KEY: must be at least 24 characters$/m);
    // Values are never echoed: a bad secret must not end up in a terminal or a log.
    expect(run.stderr).not.toContain('too-short-secret');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toMatch(/listening/i);
  });
});
