import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadOrCreateDemoSigner } from '@gw/xua';
import { buildGateway, buildIsStale, ROOT, startGatewayProcess, type ChildGateway } from '../../scripts/demo/gateway-process';
import { demoAssertion, readExample, signEnvelope } from '../../scripts/demo/signed-examples';

/**
 * `npm run demo` as a user runs it: the script in its own process (tsx), against the built gateway in
 * another, both real. The demo signer lives in a temporary folder shared by the two, as .state/ is.
 */
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'demo-e2e-'));
const STATE = path.join(work, 'state');
const ADMIN_API_KEY = 'demo-e2e-admin-key-0123456789abcdef';
const ENV = {
  XUA_DEMO_SIGNER_DIR: STATE,
  XUA_MODE: 'required',
  NHS_SANDBOX_KEY_FILE: '',
  REDIS_URL: '',
  AUDIT_PSEUDONYM_KEY: 'demo-e2e-pseudonym-key-0123456789',
  PDS_BASE_URL: '',
  SDS_BASE_URL: '',
  NHS_TOKEN_URL: '',
  LOG_LEVEL: 'warn',
};

function demo(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [TSX, 'scripts/demo.ts', ...args], { cwd: ROOT, env: { ...process.env, ...ENV, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run demo against a gateway on the embedded sandbox, XUA required', () => {
  let gw: ChildGateway;

  beforeAll(async () => {
    if (buildIsStale()) buildGateway(() => undefined);
    gw = await startGatewayProcess({ ...ENV, ADMIN_API_KEY });
  }, 240_000);
  afterAll(async () => {
    await gw?.stop();
  });

  it('plays ITI-55 → ITI-38 → ITI-39, prints each step readably, writes the CCD the entry describes, exit 0', async () => {
    const out = path.join(work, 'out');
    const r = await demo(['--url', gw.url, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Patient found: HORACE Josiah SKELLY, NHS number 969 093 7286');
    expect(r.stdout).toContain('Patient id for XCA: 9690937286^^^&2.16.840.1.113883.2.1.4.1&ISO');
    expect(r.stdout).toMatch(/Document entry: GP Connect summary - COXWOLD SURGERY \(B82617\)/);
    const uniqueId = /uniqueId (\S+)/.exec(r.stdout)![1];
    const [, size, hash] = /size (\d+) bytes, hash \(SHA-1\) ([0-9a-f]{40})/.exec(r.stdout)!;
    expect(r.stdout).toContain(`Retrieved ${size} bytes, SHA-1 ${hash}`);
    expect(r.stdout).toContain("Size and hash equal the entry's metadata");
    const file = path.join(out, '9690937286.xml');
    expect(r.stdout).toContain(`CCD written to ${file}`);
    const ccd = readFileSync(file);
    expect([ccd.length, createHash('sha1').update(ccd).digest('hex')]).toEqual([Number(size), hash]);
    expect(ccd.toString('utf8')).toContain(`<id root="${uniqueId}"/>`);
    expect(r.stdout).not.toMatch(/^\s*[{[]/m); // readable lines, no JSON dump
  });

  it('--write-signed writes signed copies of every example that the gateway accepts as they are (the README curl lines)', async () => {
    const dir = path.join(work, 'signed');
    const r = await demo(['--url', gw.url, '--write-signed', dir]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['iti38-find-documents.xml', 'iti38-get-documents.xml', 'iti39.xml', 'iti47.xml', 'iti55.xml']);
    for (const [file, endpoint, success] of [
      ['iti55.xml', 'iti55', 'code="OK"'],
      ['iti47.xml', 'iti47', 'code="OK"'],
      ['iti38-find-documents.xml', 'iti38', 'ResponseStatusType:Success'],
      ['iti38-get-documents.xml', 'iti38', 'ExtrinsicObject'],
      ['iti39.xml', 'iti39', 'ResponseStatusType:Success'],
    ]) {
      const res = await fetch(`${gw.url}/SOAP/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/soap+xml' },
        body: readFileSync(path.join(dir, file)),
      });
      expect(`${file} ${res.status}`).toBe(`${file} 200`);
      expect(await res.text()).toContain(success);
    }
  });

  it('with ADMIN_API_KEY and no local signer, takes its assertion from POST /admin/xua/demo-assertion', async () => {
    const r = await demo(['--url', gw.url, '--out', path.join(work, 'admin')], {
      ADMIN_API_KEY,
      XUA_DEMO_SIGNER_DIR: mkdtempSync(path.join(tmpdir(), 'demo-e2e-empty-')),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('minted by the gateway (POST /admin/xua/demo-assertion)');
    expect(r.stdout).toContain('Demo complete.');
  });

  it('exits 2 with a clear message when the gateway given is not reachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const r = await demo(['--url', url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Demo failed: the gateway at ${url} is not reachable (GET ${url}/health/live failed)\n`);
  });
});

describe('the demo signer with real NHS base URLs configured', () => {
  let gw: ChildGateway;

  beforeAll(async () => {
    if (buildIsStale()) buildGateway(() => undefined);
    // NHS endpoints that never answer: XUA is checked before any NHS call, so this is enough to boot.
    gw = await startGatewayProcess(
      {
        ...ENV,
        PDS_BASE_URL: 'http://127.0.0.1:9/personal-demographics/FHIR/R4',
        SDS_BASE_URL: 'http://127.0.0.1:9/spine-directory/FHIR/R4',
        NHS_TOKEN_URL: 'http://127.0.0.1:9/oauth2/token',
        ADMIN_API_KEY,
      },
      'live',
    );
  }, 240_000);
  afterAll(async () => {
    await gw?.stop();
  });

  it('is not trusted: a request it signed is refused with wsse:FailedAuthentication', async () => {
    const { signer } = loadOrCreateDemoSigner(STATE); // the one a sandbox-mode gateway trusts (and the demo reads)
    const body = signEnvelope(readExample('iti55'), demoAssertion(signer), `${gw.url}/SOAP/iti55`);
    const res = await fetch(`${gw.url}/SOAP/iti55`, { method: 'POST', headers: { 'content-type': 'application/soap+xml' }, body });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('wsse:FailedAuthentication');
  });

  it('has no demo assertion to give: POST /admin/xua/demo-assertion answers 404', async () => {
    const res = await fetch(`${gw.url}/admin/xua/demo-assertion`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_API_KEY}` },
    });
    expect(res.status).toBe(404);
  });

  it('so the demo stops at the first step, exit 1, naming the refusal', async () => {
    const r = await demo(['--url', gw.url, '--out', path.join(work, 'refused')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Demo failed: \/SOAP\/iti55 answered with a SOAP Fault \(HTTP 400\): s:Sender \/ wsse:FailedAuthentication/);
  });
});

describe('npm run demo with no gateway running', () => {
  it('starts the built gateway on a free port, plays the demo, stops it, exit 0', async () => {
    const r = await demo(['--start', '--out', path.join(work, 'started')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Gateway started on http:\/\/127\.0\.0\.1:(\d+) /m);
    expect(r.stdout).toContain('Demo complete.');
    const port = Number(/Gateway started on http:\/\/127\.0\.0\.1:(\d+)/.exec(r.stdout)![1]);
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow(); // stopped again
  }, 240_000);
});
