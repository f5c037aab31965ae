import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { captureGatewayLogs } from '../support/log-capture';
import { startGateway, type StartedGateway } from '../support/gateway-harness';

/**
 * No Elasticsearch runs here, so the log stack (compose profile "logs") is held to the gateway it ships:
 * every field the index template maps and every column the saved searches show is a field the gateway
 * really writes, read from its own log lines over a full ITI-55 → ITI-47 → ITI-38 → ITI-39 flow.
 */
const ROOT = resolve(__dirname, '../..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

type Mapping = { type?: string; properties?: Record<string, Mapping> };
const template = JSON.parse(read('deploy/logs/index-template.json')) as {
  index_patterns: string[];
  template: { mappings: { properties: Record<string, Mapping> } };
};
const pipeline = JSON.parse(read('deploy/logs/ingest-pipeline.json')) as {
  processors: Array<Record<string, { field?: string; target_field?: string }>>;
};
const filebeat = load(read('deploy/logs/filebeat.yml')) as {
  'filebeat.inputs': Array<{ parsers: Array<Record<string, { target?: string }>> }>;
  'output.elasticsearch': { index: string; pipeline: string };
};
const savedObjects = read('deploy/logs/kibana/saved-objects.ndjson')
  .split('\n')
  .filter(Boolean)
  .map(
    (l) =>
      JSON.parse(l) as { type: string; id: string; attributes: Record<string, unknown>; references: Array<{ type: string; id: string }> },
  );
const setup = read('deploy/logs/setup.sh');

/** Leaf field paths of a mapping, e.g. gw.audit.transaction. */
function leaves(props: Record<string, Mapping>, prefix = ''): string[] {
  return Object.entries(props).flatMap(([k, v]) => (v.properties ? leaves(v.properties, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
/** Leaf paths present in one JSON log line. */
function paths(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? paths(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** Fields the ingest pipeline adds (not in the gateway's lines). */
const DERIVED = new Set(['@timestamp', 'gw.levelName']);

describe('log stack (compose profile "logs")', () => {
  let gw: StartedGateway;
  const seen = new Set<string>();

  beforeAll(async () => {
    gw = await startGateway({ REDIS_URL: '', LOG_LEVEL: 'info' });
    const logs = captureGatewayLogs();
    try {
      for (const [endpoint, example] of [
        ['iti55', 'iti55'],
        ['iti47', 'iti47'],
        ['iti38', 'iti38-find-documents'],
        ['iti39', 'iti39'],
      ]) {
        const res = await fetch(`${gw.url}/SOAP/${endpoint}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/soap+xml' },
          body: read(`examples/${example}.xml`),
        });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      for (const line of logs.text().split('\n').filter(Boolean))
        for (const p of paths(JSON.parse(line) as Record<string, unknown>)) seen.add(`gw.${p}`);
    } finally {
      logs.restore();
    }
  });
  afterAll(() => gw?.close());

  it('parses every line into gw.* and sends it to the pipeline and index the template and data view name', () => {
    const [input] = filebeat['filebeat.inputs'];
    expect(input.parsers.find((p) => 'ndjson' in p)?.ndjson.target).toBe('gw');
    const out = filebeat['output.elasticsearch'];
    expect(setup).toContain(`/_ingest/pipeline/${out.pipeline}"`);
    const indexPrefix = out.index.split('%')[0];
    expect(template.index_patterns).toEqual([`${indexPrefix}*`]);
    const view = savedObjects.find((o) => o.type === 'index-pattern');
    expect(view?.attributes.title).toBe(`${indexPrefix}*`);
  });

  it('maps only fields the gateway writes (or the pipeline derives)', () => {
    const mapped = leaves(template.template.mappings.properties);
    expect(mapped.length).toBeGreaterThan(20);
    expect(mapped.filter((f) => !DERIVED.has(f) && !seen.has(f))).toEqual([]);
    // The audit record's own fields are mapped: a SIEM query on them must not depend on dynamic mapping.
    for (const f of [
      'gw.audit.transaction',
      'gw.audit.outcome',
      'gw.audit.patientPseudonym',
      'gw.audit.requestId',
      'gw.req.id',
      'gw.res.statusCode',
    ])
      expect(mapped).toContain(f);
  });

  it('derives @timestamp from the gateway time, which is epoch milliseconds', () => {
    const date = pipeline.processors.find((p) => 'date' in p)?.date;
    expect(date).toMatchObject({ field: 'gw.time', target_field: '@timestamp' });
  });

  it('shows in saved searches only mapped fields, and the dashboard references the saved searches', () => {
    const mapped = new Set(leaves(template.template.mappings.properties));
    const searches = savedObjects.filter((o) => o.type === 'search');
    expect(searches.length).toBeGreaterThanOrEqual(3);
    for (const s of searches) {
      for (const c of s.attributes.columns as string[])
        expect(`${s.id}: ${c} ${mapped.has(c) ? 'mapped' : 'unmapped'}`).toBe(`${s.id}: ${c} mapped`);
      const source = JSON.parse((s.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string }).searchSourceJSON) as {
        query: { query: string };
      };
      for (const field of source.query.query.match(/gw\.[\w.]+/g) ?? []) expect(mapped).toContain(field);
    }
    const dashboard = savedObjects.find((o) => o.type === 'dashboard');
    const ids = new Set(savedObjects.map((o) => `${o.type}:${o.id}`));
    for (const ref of [...(dashboard?.references ?? []), ...searches.flatMap((s) => s.references)])
      expect(ids).toContain(`${ref.type}:${ref.id}`);
  });

  it('uploads the files setup.sh names, from the folder compose mounts', () => {
    for (const f of setup.match(/\$DIR\/[\w./-]+/g) ?? []) expect(() => read(`deploy/logs/${f.slice('$DIR/'.length)}`)).not.toThrow();
  });
});
