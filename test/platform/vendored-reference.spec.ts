import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findNhsDataDir } from '@gw/nhs-sandbox';

/**
 * The repository carries byte-for-byte copies of the reference material it runs and tests with
 * (scripts/vendor-shared.sh). Each copy's SHA256SUMS must list exactly its files with their hashes,
 * so a clone alone is checked; where the team's reference set sits beside the repository
 * (../shared), every copy must also be identical to it, and a whole kit must hold all of its files,
 * so the suites are always judged by the same validators.
 */
const ROOT = resolve(__dirname, '../..');
const SHARED = resolve(ROOT, '../shared');
/** Files of the copy itself, not of the source. */
const OWN = new Set(['SHA256SUMS', 'PROVENANCE.md']);

const COPIES = [
  { dir: 'apps/nhs-sandbox/data', source: 'nhs', whole: false },
  { dir: 'test/fixtures/nhs', source: 'nhs', whole: false },
  { dir: 'test/conformance', source: 'conformance', whole: true },
  { dir: 'libs/soap/schemas', source: 'conformance', whole: false },
];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function manifest(dir: string): Map<string, string> {
  const lines = readFileSync(join(ROOT, dir, 'SHA256SUMS'), 'utf8')
    .split('\n')
    .filter(Boolean);
  return new Map(
    lines.map((line) => {
      const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
      if (!m) throw new Error(`${dir}/SHA256SUMS: not a sha256sum line: ${line}`);
      return [m[2], m[1]];
    }),
  );
}

describe.each(COPIES)('$dir', ({ dir, source, whole }) => {
  const abs = join(ROOT, dir);
  const copied = (): string[] => filesUnder(abs).filter((f) => !OWN.has(f));

  it('has a PROVENANCE.md naming its sources and licences', () => {
    const provenance = readFileSync(join(abs, 'PROVENANCE.md'), 'utf8');
    expect(provenance).toMatch(/licen[cs]e/i);
    expect(provenance).toContain('SHA256SUMS');
  });

  it('lists every file in SHA256SUMS, with the sha256 it has', () => {
    const listed = manifest(dir);
    expect([...listed.keys()].sort()).toEqual(copied());
    const wrong = [...listed].filter(([file, hash]) => sha256(join(abs, file)) !== hash).map(([file]) => file);
    expect(wrong).toEqual([]);
  });

  const withShared = existsSync(join(SHARED, source)) ? it : it.skip;
  withShared(`is byte-for-byte identical to ../shared/${source}${whole ? ', the whole kit' : ''}`, () => {
    const differing = copied().filter(
      (f) => !existsSync(join(SHARED, source, f)) || sha256(join(SHARED, source, f)) !== sha256(join(abs, f)),
    );
    expect(differing).toEqual([]);
    if (whole) expect(copied()).toEqual(filesUnder(join(SHARED, source)));
  });
});

describe('NHS sandbox data folder', () => {
  const saved = process.env.NHS_SANDBOX_DATA_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.NHS_SANDBOX_DATA_DIR;
    else process.env.NHS_SANDBOX_DATA_DIR = saved;
  });

  it('is the one in the repository when NHS_SANDBOX_DATA_DIR is unset', () => {
    delete process.env.NHS_SANDBOX_DATA_DIR;
    expect(findNhsDataDir()).toBe(join(ROOT, 'apps/nhs-sandbox/data'));
  });

  it('is NHS_SANDBOX_DATA_DIR when set, and a folder without the data is refused by name', () => {
    process.env.NHS_SANDBOX_DATA_DIR = join(ROOT, 'test/fixtures/nhs');
    expect(() => findNhsDataDir()).toThrow(/test\/fixtures\/nhs/);
    process.env.NHS_SANDBOX_DATA_DIR = join(ROOT, 'apps/nhs-sandbox/data/');
    expect(findNhsDataDir()).toBe(join(ROOT, 'apps/nhs-sandbox/data'));
  });
});
