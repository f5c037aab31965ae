/**
 * Prints the README configuration table from the config classes themselves (`*.config.ts` under
 * apps/ and libs/): every env var, its default and the doc comment above it. Secrets are marked.
 *   npx tsx scripts/config-table.ts           print it
 *   npx tsx scripts/config-table.ts --write   replace it in README.md (between the config-table markers)
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

function configFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(p).isDirectory()) return configFiles(p);
    return name.endsWith('.config.ts') ? [p] : [];
  });
}

interface Row {
  key: string;
  fallback: string;
  meaning: string;
  secret: boolean;
  where: string;
}

const PROPERTY = /^\s*(?:@[\w.]+\([^)]*\)\s*)*([A-Z][A-Z0-9_]+)[?!]?\s*(?::\s*[^=;]+?)?\s*(?:=\s*(.+?))?;\s*$/;

function rowsOf(file: string): Row[] {
  const rows: Row[] = [];
  let doc: string[] = [];
  let inDoc = false;
  let secret = false;
  // Keys declared right under another with no comment of their own share its meaning (e.g. name + id pairs).
  let lastMeaning = '';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const t = line.trim();
    if (t.startsWith('/**')) {
      inDoc = !t.endsWith('*/');
      doc = [t.replace(/^\/\*\*\s?/, '').replace(/\s?\*\/$/, '')];
      continue;
    }
    if (inDoc) {
      if (t.endsWith('*/')) inDoc = false;
      if (t !== '*/') doc.push(t.replace(/^\*\s?/, '').replace(/\s?\*\/$/, ''));
      continue;
    }
    if (/@Secret\(\)/.test(t)) secret = true;
    const m = PROPERTY.exec(line);
    if (m && !t.startsWith('//')) {
      const raw = (m[2] ?? 'undefined').trim();
      const meaning = doc.join(' ').replace(/\s+/g, ' ').trim() || lastMeaning;
      lastMeaning = meaning;
      rows.push({
        key: m[1],
        fallback:
          raw === 'undefined' || raw === "''" || raw === '[]'
            ? '(unset)'
            : /^[\d_]+$/.test(raw)
              ? raw.replace(/_/g, '')
              : raw.replace(/^'(.*)'$/, '$1'),
        meaning,
        secret,
        where: relative(ROOT, file),
      });
      doc = [];
      secret = false;
    } else if (t === '' || t.startsWith('export class') || t === '}') {
      doc = [];
      secret = false;
      lastMeaning = '';
    }
  }
  return rows;
}

const rows = [...configFiles(join(ROOT, 'libs')), ...configFiles(join(ROOT, 'apps'))].sort().flatMap(rowsOf);
const seen = new Set<string>();
const lines = ['| Variable | Default | Meaning | Defined in |', '|---|---|---|---|'];
for (const r of rows) {
  if (seen.has(r.key)) continue;
  seen.add(r.key);
  const meaning = `${r.secret ? '**Secret** (masked in /admin/config). ' : ''}${r.meaning}`.replace(/\|/g, '\\|');
  lines.push(`| \`${r.key}\` | \`${r.fallback.replace(/\|/g, '\\|')}\` | ${meaning} | ${r.where} |`);
}
const table = lines.join('\n');

if (process.argv.includes('--write')) {
  const readme = join(ROOT, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const markers = /(<!-- config-table:start -->\n)[\s\S]*?(\n<!-- config-table:end -->)/;
  if (!markers.test(text)) throw new Error('README.md has no config-table markers');
  writeFileSync(
    readme,
    text.replace(markers, (_m, start: string, end: string) => `${start}${table}${end}`),
  );
  console.log(`README.md: ${seen.size} settings`);
} else {
  console.log(table);
}
