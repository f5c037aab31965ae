import { spawn, spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
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
    expect(run.stderr).toMatch(/^ {2}- REDIS_URL: must be a redis:\/\/, rediss:\/\/, redis\+sentinel:\/\/ or redis\+cluster:\/\/ URL$/m);
    expect(run.stderr).toMatch(/^ {2}- LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent$/m);
    expect(run.stderr).toMatch(/^ {2}- ADMIN_API_KEY: must be at least 24 characters$/m);
    // Values are never echoed: a bad secret must not end up in a terminal or a log.
    expect(run.stderr).not.toContain('too-short-secret');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toMatch(/listening/i);
  });

  it('opens no port at all, not even the embedded sandbox of the development entry, when a setting is bad', async () => {
    const sandboxPort = await freePort();
    const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'apps/gateway/src/main.dev.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${resolve(__dirname, 'support/listen-probe.cjs')}`,
        PORT: 'abc',
        NHS_SANDBOX_PORT: String(sandboxPort),
        PDS_BASE_URL: '',
        SDS_BASE_URL: '',
        NHS_TOKEN_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let running = true;
    void exited.then(() => (running = false));
    // Knock on the sandbox port for as long as the process lives.
    let answered = false;
    while (running) {
      if (await accepts(sandboxPort)) answered = true;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await exited).toBe(1);
    expect(stderr).toMatch(/^ {2}- PORT: must be an integer number$/m);
    expect(answered).toBe(false);
    // However briefly: the probe preloaded into the process reports any server that started listening.
    expect(stderr).not.toContain('listen-probe:');
  });
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
    s.on('error', fail);
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
