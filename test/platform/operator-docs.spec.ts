import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describeConfig } from '@gw/config';
// Loading the whole module graph registers every config class, as in the running gateway (the embedded
// sandbox's settings come in through the module that starts it).
import '../../apps/gateway/src/gateway.module';
import '../../apps/gateway/src/dev/start-embedded-nhs';

/**
 * The operator documents name settings, alerts, files and tests. These checks fail when the code moves
 * away from what the documents say (a setting renamed, an alert added, a test renamed, a file moved), so
 * the documents are corrected in the same change.
 */
const ROOT = resolve(__dirname, '../..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

const DOCS = ['docs/runbook.md', 'docs/security-model.md', 'docs/clinical-safety.md'] as const;
const text = Object.fromEntries(DOCS.map((d) => [d, read(d)])) as Record<(typeof DOCS)[number], string>;
/** Markdown wraps lines anywhere; citations are matched on the text with line breaks folded into spaces. */
const folded = (s: string): string => s.replace(/[ \t]*\n[ \t]*/g, ' ');

const spans = (s: string): string[] => [...folded(s).matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** Environment variables named in the documents that are read by something other than the gateway's config classes. */
const NOT_GATEWAY_SETTINGS = new Set([
  'NODE_OPTIONS', // Node's own (the image's heap limit)
  'GRAFANA_ADMIN_PASSWORD', // docker-compose.yml, for Grafana
]);

const REPO_PATH = /^(apps|libs|test|deploy|scripts|docs|examples)\/[\w./-]+$|^(Dockerfile|docker-compose\.yml)$/;

interface Citation {
  doc: string;
  file: string;
  title: string;
}

/** `path` › "title", "title"; each title quoted, several separated by commas. */
function citations(doc: string): Citation[] {
  const out: Citation[] = [];
  for (const m of folded(text[doc as (typeof DOCS)[number]]).matchAll(/`([^`]+\.ts)` › ((?:"[^"]+"(?:, )?)+)/g)) {
    for (const t of m[2].matchAll(/"([^"]+)"/g)) out.push({ doc, file: m[1], title: t[1] });
  }
  return out;
}

const alertsYml = load(read('deploy/prometheus/alerts.yml')) as { groups: { rules: { alert?: string }[] }[] };
const alerts = alertsYml.groups.flatMap((g) => g.rules.map((r) => r.alert).filter((a): a is string => !!a));

describe('operator documents', () => {
  it('are linked from the README', () => {
    const readme = read('README.md');
    for (const doc of DOCS) expect(readme).toContain(`](${doc})`);
  });

  it('name only real settings', () => {
    const known = new Set(Object.values(describeConfig()).flatMap((c) => Object.keys(c)));
    expect(known.size).toBeGreaterThan(100);
    const unknown = DOCS.flatMap((doc) =>
      spans(text[doc])
        .flatMap((s) => s.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? [])
        .filter((name) => !known.has(name) && !NOT_GATEWAY_SETTINGS.has(name))
        .map((name) => `${doc}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('give every alert in alerts.yml its own runbook section, and name no other', () => {
    expect(alerts.length).toBeGreaterThan(0);
    const alertSection = /^## Alerts$([\s\S]*?)(?=^## )/m.exec(text['docs/runbook.md'])?.[1] ?? '';
    const headed = [...alertSection.matchAll(/^### `(\w+)`$/gm)].map((m) => m[1]);
    expect([...headed].sort()).toEqual([...alerts].sort());
    const mentioned = DOCS.flatMap((doc) => [...folded(text[doc]).matchAll(/\balert `(\w+)`/gi)].map((m) => m[1]));
    expect(mentioned.filter((a) => !alerts.includes(a))).toEqual([]);
  });

  it('cite only files that exist', () => {
    const missing = DOCS.flatMap((doc) =>
      spans(text[doc])
        .filter((s) => REPO_PATH.test(s))
        .filter((p) => !existsSync(join(ROOT, p)))
        .map((p) => `${doc}: ${p}`),
    );
    expect(missing).toEqual([]);
  });

  it('cite tests by a title that is a test of that file', () => {
    const all = DOCS.flatMap(citations);
    expect(all.length).toBeGreaterThan(50);
    const wrong = all
      .filter(({ file, title }) => {
        if (!existsSync(join(ROOT, file))) return true;
        const source = read(file);
        return ![`'${title}'`, `"${title}"`, `\`${title}\``].some((q) => source.includes(q));
      })
      .map(({ doc, file, title }) => `${doc}: ${file} › "${title}"`);
    expect(wrong).toEqual([]);
  });

  it('give every hazard in the clinical safety log a cause, controls, a proving test and its residual risk', () => {
    const hazards = text['docs/clinical-safety.md'].split(/^## (?=H\d+\.)/m).slice(1);
    expect(hazards.length).toBeGreaterThanOrEqual(5);
    const complete = (h: string): boolean =>
      ['**Causes:**', '**Controls:**', '**Residual risk:**'].every((part) => h.includes(part)) && /`[^`]+\.ts` › "/.test(folded(h));
    const incomplete = hazards.filter((h) => !complete(h)).map((h) => h.split('\n')[0]);
    expect(incomplete).toEqual([]);
  });
});
