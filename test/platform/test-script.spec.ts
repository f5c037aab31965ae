import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Runs scripts/test.sh with a PATH holding only the given tools (and no apt-get), as on a bare machine. */
function runWithOnly(tools: string[]): { status: number | null; stderr: string } {
  const bin = mkdtempSync(join(tmpdir(), 'gw-path-'));
  try {
    for (const tool of tools) {
      const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      if (found) symlinkSync(found, join(bin, tool));
    }
    const run = spawnSync(join(bin, 'bash'), ['scripts/test.sh', '--listTests'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: bin, HOME: process.env.HOME ?? '/tmp' },
      timeout: 30_000,
    });
    return { status: run.status, stderr: run.stderr };
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

describe('npm test script (scripts/test.sh)', () => {
  it('fails with the exact apt-get line when required tools are missing and cannot be installed', () => {
    const { status, stderr } = runWithOnly(['bash', 'node', 'npx', 'id', 'dirname']);
    expect(status).toBe(1);
    expect(stderr).toContain(
      'sudo apt-get install -y redis-server redis-tools libxml2-utils xsltproc python3 openssl rsyslog rsyslog-gnutls',
    );
  });

  it('names only what is missing', () => {
    const { status, stderr } = runWithOnly(['bash', 'node', 'npx', 'id', 'dirname', 'redis-server', 'redis-cli', 'python3', 'openssl']);
    expect(status).toBe(1);
    expect(stderr).toMatch(/sudo apt-get install -y libxml2-utils xsltproc rsyslog rsyslog-gnutls$/m);
  });
});
