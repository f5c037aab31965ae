import { CcdaInputError, convertBundleToCcd } from '@gw/ccda';
import { validateCcdaBatch } from '../support/ccda-validator';
import { loadJson, OPTIONS, parseXml, BUNDLES_DIR, type Json } from './ccda-fixtures.util';
import path from 'node:path';

/**
 * Seeded mutation testing of a real record: values replaced by wrong types, nulls, empty and odd
 * strings, objects cut out. Every run must end in a typed CcdaInputError or a well-formed document
 * (never any other exception), and a sample of the documents must still validate 0/0.
 */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD: unknown[] = [
  null,
  0,
  -1,
  1.5e300,
  '',
  ' ',
  'x',
  '<&>"\'',
  '2019-13-45',
  '\u0000\u0007',
  '💊',
  [],
  {},
  [null],
  { reference: 'Nope/1' },
  { coding: 'no' },
  true,
];

function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Json)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(x, p, out);
    }
  }
  return out;
}

function mutate(base: Json, rnd: () => number, n: number): Json {
  const copy = structuredClone(base);
  const all = paths(copy).filter((p) => p.length > 2); // keep the bundle shell so most runs exercise the mapping
  for (let i = 0; i < n; i++) {
    const p = all[Math.floor(rnd() * all.length)];
    let parent: Json = copy;
    for (const k of p.slice(0, -1)) {
      parent = parent?.[k as keyof Json];
      if (!parent || typeof parent !== 'object') break;
    }
    if (!parent || typeof parent !== 'object') continue;
    const last = p[p.length - 1];
    if (rnd() < 0.2) delete parent[last as keyof Json];
    else parent[last as keyof Json] = ODD[Math.floor(rnd() * ODD.length)];
  }
  return copy;
}

describe('robustness against malformed records', () => {
  const base = loadJson(path.join(BUNDLES_DIR, '9690937286.json'));
  const sample: { name: string; xml: string }[] = [];

  it('300 mutated records: each is a typed input error or a well-formed document, never another exception', () => {
    const rnd = prng(20260301);
    let documents = 0;
    for (let i = 0; i < 300; i++) {
      const input = mutate(base, rnd, 1 + Math.floor(rnd() * 12));
      let xml: string | undefined;
      try {
        xml = convertBundleToCcd(input, OPTIONS).xml;
      } catch (e) {
        if (!(e instanceof CcdaInputError)) throw new Error(`run ${i}: ${(e as Error).stack}`);
        continue;
      }
      parseXml(xml);
      documents++;
      if (i % 30 === 0) sample.push({ name: `mutant-${i}`, xml });
    }
    expect(documents).toBeGreaterThan(200);
  });

  it('documents built from mutated records still pass the validators', async () => {
    const results = await validateCcdaBatch(sample, { errorsOnly: true });
    expect(results.length).toBeGreaterThanOrEqual(5);
    for (const r of results) {
      expect({ name: r.name, xsd: r.xsdErrors, sch: r.schematronErrors, raw: r.xsdErrors + r.schematronErrors ? r.raw : '' }).toEqual({
        name: r.name,
        xsd: 0,
        sch: 0,
        raw: '',
      });
    }
  }, 120_000);
});
