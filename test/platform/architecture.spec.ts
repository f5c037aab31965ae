import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The team's layering rule, enforced: apps → ihe → soap/xua/pds/sds/gp-connect/ccda/audit →
 * auth/upstream-http/cache/observability → config, nhs-number, identity and xml-escape. A lib imports libs of its own tier or below, through their
 * `@gw/<lib>` alias and index only (import cycles are checked by `npm run check:cycles`).
 */
const ROOT = resolve(__dirname, '../..');
const TIER: Record<string, number> = {
  config: 0,
  'nhs-number': 0,
  identity: 0,
  'xml-escape': 0,
  auth: 1,
  'upstream-http': 1,
  cache: 1,
  observability: 1,
  soap: 2,
  xua: 2,
  pds: 2,
  sds: 2,
  'gp-connect': 2,
  ccda: 2,
  audit: 2,
  ihe: 3,
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

describe('architecture', () => {
  const libs = readdirSync(join(ROOT, 'libs')).filter((l) => statSync(join(ROOT, 'libs', l, 'src')).isDirectory());

  it('knows the tier of every lib', () => {
    for (const lib of libs) expect(`${lib}: ${lib in TIER ? 'tiered' : 'unknown'}`).toBe(`${lib}: tiered`);
  });

  it('has libs import only their own tier or below, through the @gw/<lib> index', () => {
    const violations: string[] = [];
    for (const lib of libs) {
      for (const file of sources(join(ROOT, 'libs', lib, 'src'))) {
        for (const spec of importsOf(file)) {
          const where = relative(ROOT, file);
          const alias = /^@gw\/([^/]+)(\/.*)?$/.exec(spec);
          if (alias) {
            const [, target, deep] = alias;
            if (deep) violations.push(`${where}: deep import ${spec}`);
            if (target === lib) violations.push(`${where}: imports its own lib through ${spec}`);
            else if ((TIER[target] ?? 99) > TIER[lib])
              violations.push(`${where}: ${lib} (tier ${TIER[lib]}) imports ${target} (tier ${TIER[target]})`);
          } else if (spec.startsWith('.')) {
            const target = relative(join(ROOT, 'libs', lib), resolve(file, '..', spec));
            if (target.startsWith('..')) violations.push(`${where}: reaches outside its lib with ${spec}`);
          }
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
