import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLES_DIR, EXAMPLES_DIR, parseXml, str } from './ccda-fixtures.util';

/** The command line, run as `npm run ccda` runs it (tsx on apps/cli/src/main.ts), in a real process. */
const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'apps/cli/src/main.ts');

function ccda(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ccda command line', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccda-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([['--help'], ['-h']])('%s explains every option on stdout and exits 0', (flag) => {
    const r = ccda([flag]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^usage: npm run --silent ccda -- BUNDLE\.json/);
    for (const option of ['-o, --output OUT', '--report', '--repeat N', '-h, --help']) expect(r.stdout).toContain(`  ${option}`);
    expect(r.stdout).toContain('conversion report');
    expect(r.stdout).toContain('median and minimum time');
  });

  it('without a BUNDLE.json says how to use it, exit 1', () => {
    const r = ccda([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ccda: usage: /);
  });

  it('writes only the XML document to stdout', () => {
    const r = ccda([path.join(BUNDLES_DIR, '9690937286.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument')).toBe(true);
    expect(r.stdout.trimEnd().endsWith('</ClinicalDocument>')).toBe(true);
    expect(r.stderr).toBe('');
    expect(str(parseXml(r.stdout), '/*/*[local-name()="recordTarget"]//*[local-name()="id"]/@extension')).toBe('9690937286');
  });

  it('takes the custodian from configuration', () => {
    const r = ccda([path.join(BUNDLES_DIR, '9690937278.json')], { CCDA_CUSTODIAN_NAME: 'Leeds Gateway Ops', CCDA_CUSTODIAN_ID: 'X26' });
    const doc = parseXml(r.stdout);
    expect(str(doc, '//*[local-name()="representedCustodianOrganization"]/*[local-name()="name"]')).toBe('Leeds Gateway Ops');
    expect(str(doc, '//*[local-name()="representedCustodianOrganization"]/*[local-name()="id"]/@extension')).toBe('X26');
  });

  it('converts a response with an OperationOutcome entry to a file, with --report and --repeat timings on stderr', () => {
    const out = path.join(dir, 'fwd.xml');
    const r = ccda([path.join(EXAMPLES_DIR, 'consultations_forwards_response1.json'), '-o', out, '--report', '--repeat', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('<ClinicalDocument');
    expect(r.stderr).toMatch(/^median \d+(\.\d+)? ms, min \d+(\.\d+)? ms$/m);
    const report = JSON.parse(r.stderr.slice(0, r.stderr.lastIndexOf('}') + 1));
    expect(report.mapped).toBeGreaterThan(0);
    expect(report.issues.join(' ')).toContain('unrecognised parameter');
  });

  it.each([
    ['not JSON', '{"resourceType": "Bundle",', /is not valid JSON/],
    ['not a Bundle', '{"resourceType": "Patient"}', /not a FHIR Bundle/],
    ['a Bundle without a Patient', '{"resourceType": "Bundle", "entry": []}', /no Patient/],
    ['an NHS number failing the check digit', null, /modulus 11/],
  ])('input that is %s → one line on stderr, exit 1, no output file', (_what, content, message) => {
    const input = path.join(dir, 'in.json');
    writeFileSync(input, content ?? readFileSync(path.join(EXAMPLES_DIR, 'pathology_response1.json')));
    const out = path.join(dir, 'never.xml');
    const r = ccda([input, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing file and bad options are one-line errors too', () => {
    expect(ccda([path.join(dir, 'nope.json')])).toMatchObject({ code: 1, stdout: '' });
    expect(ccda(['--repeat', '0', 'x.json']).stderr).toMatch(/--repeat needs a positive whole number/);
    expect(ccda([]).code).toBe(1);
  });
});
