import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type StartedGateway } from '../support/gateway-harness';

const ADMIN_KEY = 'admin-routes-e2e-key-0123456789abcdef';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface Operation {
  parameters?: { name: string; in: string; schema?: { example?: unknown } }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, unknown>;
  summary?: string;
}
interface OpenApi {
  info: { description: string };
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components: {
    securitySchemes: Record<string, Record<string, unknown>>;
    schemas: Record<string, { properties?: Record<string, { example?: unknown }> }>;
  };
}

/**
 * Every admin operation the OpenAPI document lists, called over HTTP with the key and valid sandbox
 * values, answers one of its documented statuses, and a success: a route shadowed by another
 * (answering 400 to valid input) or undocumented answers fail here. Writes run before reads, so the
 * reads find the document and the mapping, and deletes run last.
 */
describe('admin API: every documented route answers as documented', () => {
  let gw: StartedGateway;
  let doc: OpenApi;
  /** Path values: the document's examples, except ids that only exist once created (filled in below). */
  const values: Record<string, string> = {};

  // A key ring of its own, so POST /admin/keys/rotate can succeed at every run.
  const keyDir = mkdtempSync(join(tmpdir(), 'admin-routes-keys-'));

  beforeAll(async () => {
    gw = await startGateway({ ADMIN_API_KEY: ADMIN_KEY, NHS_KEY_STORE: 'folder', NHS_KEY_DIR: keyDir, NHS_KEY_BITS: '2048' });
    doc = (await (await fetch(`${gw.url}/docs-json`)).json()) as OpenApi;
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(keyDir, { recursive: true, force: true });
  });

  function operations(): { path: string; method: (typeof METHODS)[number]; op: Operation }[] {
    const order = { post: 0, put: 1, patch: 2, get: 3, delete: 4 };
    return Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/admin/'))
      .flatMap(([path, ops]) => METHODS.filter((m) => ops[m]).map((method) => ({ path, method, op: ops[method]! })))
      .sort((a, b) => order[a.method] - order[b.method]);
  }

  function exampleBody(op: Operation): string | undefined {
    const ref = op.requestBody?.content['application/json']?.schema.$ref;
    if (!ref) return undefined;
    const schema = doc.components.schemas[ref.split('/').pop()!];
    return JSON.stringify(Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, v.example])));
  }

  it('lists the admin routes of every area', () => {
    const paths = operations().map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /admin/config',
        'DELETE /admin/cache/{key}',
        'GET /admin/ceid-map/nhs-number/{nhsNumber}',
        'GET /admin/ceid-map/{root}/{extension}',
        'PUT /admin/ceid-map/{root}/{extension}',
        'POST /admin/documents/patients/{nhsNumber}/refresh',
        'GET /admin/documents/{uniqueId}/html',
        'GET /admin/keys',
        'POST /admin/keys/rotate',
      ]),
    );
  });

  it('answers each with a documented success for valid input', async () => {
    const answers: string[] = [];
    for (const { path, method, op } of operations()) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const example = op.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema?.example;
        const v = values[name] ?? (example === undefined ? undefined : String(example));
        if (v === undefined) throw new Error(`${method} ${path}: no example for {${name}}`);
        return encodeURIComponent(v);
      });
      const body = exampleBody(op);
      const res = await fetch(`${gw.url}${url}`, {
        method: method.toUpperCase(),
        headers: { Authorization: `Bearer ${ADMIN_KEY}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body,
      });
      const text = await res.text();
      // The document just generated is the one the document routes read.
      if (path.endsWith('/refresh') && res.ok) values.uniqueId = (JSON.parse(text) as { uniqueId: string }).uniqueId;
      answers.push(
        `${method.toUpperCase()} ${path} → ${res.status}${Object.keys(op.responses).includes(String(res.status)) ? '' : ' (undocumented)'}`,
      );
    }
    expect(answers.filter((a) => !/→ 2\d\d$/.test(a))).toEqual([]);
  });

  it('gives every operation a summary, labels the admin key as an opaque bearer key, and keeps {endpoint} visible', () => {
    const unsummarised = Object.entries(doc.paths).flatMap(([path, ops]) =>
      METHODS.filter((m) => ops[m] && !ops[m]!.summary).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(unsummarised).toEqual([]);
    expect(doc.components.securitySchemes['admin-key']).toEqual({ type: 'http', scheme: 'bearer', description: 'The ADMIN_API_KEY value' });
    // Markdown would read a bare <endpoint> as an HTML tag and drop it.
    expect(doc.info.description).toContain('`/SOAP/{endpoint}?wsdl`');
    expect(doc.info.description).not.toMatch(/<\w+>/);
  });
});
