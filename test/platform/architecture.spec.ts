import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The team's layering rule, enforced: apps → ihe (the IHE profiles) → gp-record/patient →
 * soap/xua/pds/sds/gp-connect/ccda/audit → auth/upstream-http/cache/observability → config, nhs-number, identity,
 * xml-escape and hl7-datatypes. A lib imports libs of its own tier or below, through their
 * `@gw/<lib>` alias and index only (import cycles are checked by `npm run check:cycles`). The NHS sandbox
 * (nhs-sandbox) stands in for the NHS: no other lib imports it, and the production entry point cannot reach it.
 */
const ROOT = resolve(__dirname, '../..');
const TIER: Record<string, number> = {
  config: 0,
  'nhs-number': 0,
  identity: 0,
  'xml-escape': 0,
  'hl7-datatypes': 0,
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
  'gp-record': 3,
  patient: 3,
  ihe: 4,
  'nhs-sandbox': 2,
};

/** Libs for development and tests only: imported by the sandbox app, the development entry point and the tests. */
const DEV_ONLY = ['nhs-sandbox'];

/** The file an import names: `@gw/<lib>` is the lib's index, a relative path a .ts file or a folder's index.ts. */
function resolveImport(from: string, spec: string): string | undefined {
  const alias = /^@gw\/([^/]+)(\/.*)?$/.exec(spec);
  const base = alias ? join(ROOT, 'libs', alias[1], 'src', alias[2] ?? '') : spec.startsWith('.') ? resolve(from, '..', spec) : undefined;
  if (!base) return undefined;
  return [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile());
}

/** Every source file reachable from `entry` through its imports (requires and dynamic imports included). */
function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of importsOf(file)) {
      const target = resolveImport(file, spec);
      if (target?.endsWith('.ts')) queue.push(target);
    }
  }
  return seen;
}

/**
 * Inside libs/ihe: the protocol (HL7 v3, XDS, the IHE settings) at the bottom, then the profiles
 * (PDQ/XCPD, XCA), which never import each other, then the XDS.b facade (ITI-18/43), which answers
 * with the XCA services. A folder imports its own layer or below.
 */
const IHE_LAYER: Record<string, number> = {
  'ihe.config.ts': 0,
  hl7v3: 0,
  xds: 0,
  pdq: 1,
  xca: 1,
  'xds-b': 2,
  'ihe.module.ts': 3,
  'index.ts': 3,
};

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)|(?:^|\n)\s*import\s+'([^']+)'/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
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
            else if (DEV_ONLY.includes(target)) violations.push(`${where}: imports ${target}, which is for development and tests only`);
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

  it('keeps the NHS sandbox out of everything the production entry point (apps/gateway/src/main.ts) reaches', () => {
    const reached = [...reachableFrom(join(ROOT, 'apps/gateway/src/main.ts'))].map((f) => relative(ROOT, f));
    // The walk follows the composition root (loaded by require) into every lib the gateway uses.
    expect(reached).toEqual(expect.arrayContaining(['apps/gateway/src/gateway.module.ts', 'libs/ihe/src/index.ts']));
    expect(reached.filter((f) => DEV_ONLY.some((lib) => f.startsWith(`libs/${lib}/`)))).toEqual([]);
  });

  it('reaches the NHS sandbox from the development entry point, which starts it embedded', () => {
    const reached = [...reachableFrom(join(ROOT, 'apps/gateway/src/main.dev.ts'))].map((f) => relative(ROOT, f));
    expect(reached).toContain('libs/nhs-sandbox/src/index.ts');
  });

  it('keeps libs/ihe layered: protocol, then the profiles, which do not import each other', () => {
    const src = join(ROOT, 'libs', 'ihe', 'src');
    // The top folder of a path, or the file itself at the top ('ihe.config.ts').
    const layerOf = (path: string) => {
      const parts = relative(src, path).split(/[\\/]/);
      if (parts.length > 1 || isDirectory(path)) return parts[0];
      return parts[0].replace(/(\.ts)?$/, '.ts');
    };
    const violations: string[] = [];
    for (const file of sources(src)) {
      const from = layerOf(file);
      expect(`${from}: ${from in IHE_LAYER ? 'layered' : 'unknown'}`).toBe(`${from}: layered`);
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const to = layerOf(resolve(file, '..', spec));
        if (to === from) continue;
        const [a, b] = [IHE_LAYER[from], IHE_LAYER[to] ?? 99];
        if (b > a || (b === a && a === IHE_LAYER.pdq)) violations.push(`${relative(ROOT, file)} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
