import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { load } from 'js-yaml';
import { register } from 'prom-client';
import { describeConfig } from '@gw/config';
import { startDefaultMetrics } from '@gw/observability';
// Loading the whole module graph registers every config class and every metric, as in the running gateway.
import '../../apps/gateway/src/gateway.module';
import '@gw/nhs-sandbox';

/**
 * No Docker engine runs here, so the container and monitoring files are checked against the code
 * they describe: paths, ports, env var names, metric names and provisioning wiring.
 */
const ROOT = resolve(__dirname, '../..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

type Service = {
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  network_mode?: string;
  build?: unknown;
  image?: string;
  depends_on?: Record<string, { condition: string }> | string[];
  restart?: string;
};
/** Applies YAML merge keys (`<<: *anchor`), which Docker Compose honours and js-yaml 5 leaves as a plain key. */
function merged(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(merged);
  if (node === null || typeof node !== 'object') return node;
  const { '<<': base, ...own } = node as Record<string, unknown>;
  const bases = (Array.isArray(base) ? base : base ? [base] : []).map(merged) as object[];
  return Object.assign({}, ...bases, Object.fromEntries(Object.entries(own).map(([k, v]) => [k, merged(v)])));
}
const compose = merged(load(read('docker-compose.yml'))) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

/** Where nest build writes an entry: outDir + its path relative to rootDir (apps/gateway/tsconfig.app.json). */
function builtEntry(app: string, entry = 'main'): string {
  const tsconfig = JSON.parse(read('apps/gateway/tsconfig.app.json')) as { compilerOptions: { rootDir: string; outDir: string } };
  const base = join(ROOT, 'apps/gateway');
  const rootDir = resolve(base, tsconfig.compilerOptions.rootDir);
  const outDir = resolve(base, tsconfig.compilerOptions.outDir);
  return relative(ROOT, join(outDir, relative(rootDir, join(ROOT, `apps/${app}/src/${entry}.js`))));
}

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds and runs on node 22 LTS (bookworm-slim) in every stage', () => {
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const image of froms) expect(image).toBe('node:22-bookworm-slim');
  });

  it('runs the built gateway entry as the non-root node user, with a HEALTHCHECK on /health/live', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.indexOf('CMD '));
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health\/live/m);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)?.[1] ?? '[]') as string[];
    expect(cmd).toEqual(['node', builtEntry('gateway')]);
    expect(pkg.scripts['start:prod']).toBe(`node ${builtEntry('gateway')}`);
    expect(dockerfile).toContain(`test -f ${builtEntry('nhs-sandbox')}`);
  });

  it('runs the production entry by default; the development entry (embedded sandbox) is in the image and is what npm start runs', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^CMD \["node", "dist\/apps\/gateway\/src\/main\.js"\]$/m);
    expect(dockerfile).toContain(`test -f ${builtEntry('gateway', 'main.dev')}`);
    expect(pkg.scripts.start).toBe(`nest build gateway && node ${builtEntry('gateway', 'main.dev')}`);
    // The README's command for the image on the embedded sandbox names the built development entry.
    expect(read('README.md')).toContain(`node ${builtEntry('gateway', 'main.dev')}`);
  });

  it('carries the NHS sandbox data where the built sandbox finds it (apps/nhs-sandbox/data beside dist/)', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^WORKDIR \/app$/m);
    expect(runtime).toMatch(/^COPY (--chown=\S+ )?apps\/nhs-sandbox\/data \.\/apps\/nhs-sandbox\/data$/m);
    expect(runtime).toMatch(/^COPY --from=build (--chown=\S+ )?\/app\/dist \.\/dist$/m);
    expect(builtEntry('nhs-sandbox').startsWith('dist/')).toBe(true);
    expect(read('.dockerignore').split('\n')).not.toContain('apps/nhs-sandbox/data');
  });

  it('keeps node_modules, dist and stray compiled files out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', 'apps/**/*.js', 'libs/**/*.js']) expect(ignored).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  const known = new Set(Object.values(describeConfig()).flatMap((c) => Object.keys(c)));
  // Read outside the config classes: the sandbox's data folder.
  const extra = new Set(['NHS_SANDBOX_DATA_DIR']);

  it('has the gateway, nhs-sandbox, redis, prometheus and grafana services', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['gateway', 'nhs-sandbox', 'redis', 'prometheus', 'grafana']));
  });

  it('sets only environment variables the code reads', () => {
    for (const name of ['gateway', 'nhs-sandbox', 'nhs-key']) {
      for (const key of Object.keys(compose.services[name].environment ?? {})) {
        expect(`${name}: ${key} ${known.has(key) || extra.has(key) ? 'known' : 'unknown'}`).toBe(`${name}: ${key} known`);
      }
    }
  });

  it('mounts nothing from outside the repository (named volumes and ./ paths only)', () => {
    // The log shipper (profile "logs") reads the engine's container logs and labels, read-only: nothing else may.
    const shipper = compose.services.filebeat as Service & { profiles?: string[] };
    expect(shipper.profiles).toEqual(['logs']);
    expect((shipper.volumes ?? []).filter((v) => v.startsWith('/'))).toEqual([
      '/var/lib/docker/containers:/var/lib/docker/containers:ro',
      '/var/run/docker.sock:/var/run/docker.sock:ro',
    ]);
    const outside = Object.entries(compose.services).flatMap(([name, service]) =>
      (service.volumes ?? [])
        .map((v) => v.split(':')[0])
        .filter((source) => /^[./~]/.test(source) && !resolve(ROOT, source).startsWith(`${ROOT}/`))
        .filter((source) => !(name === 'filebeat' && ['/var/lib/docker/containers', '/var/run/docker.sock'].includes(source)))
        .map((source) => `${name}: ${source}`),
    );
    expect(outside).toEqual([]);
    expect(compose.services['nhs-sandbox'].environment?.NHS_SANDBOX_DATA_DIR).toBeUndefined();
  });

  it('runs the sandbox as its own service on the compose network, at the URL the gateway calls', () => {
    const gw = compose.services.gateway.environment ?? {};
    expect(gw.REDIS_URL).toBe('redis://redis:6379');
    const sandbox = compose.services['nhs-sandbox'];
    // Its own network namespace: recreating the gateway leaves it reachable.
    expect(sandbox.network_mode).toBeUndefined();
    expect(sandbox.command).toEqual(['node', builtEntry('nhs-sandbox')]);
    expect(sandbox.restart).toBe('unless-stopped');
    const env = sandbox.environment ?? {};
    expect(env.NHS_SANDBOX_HOST).toBe('0.0.0.0');
    expect(env.NHS_SANDBOX_PUBLIC_URL).toBe(`http://nhs-sandbox:${env.NHS_SANDBOX_PORT}`);
    for (const key of ['NHS_TOKEN_URL', 'PDS_BASE_URL', 'SDS_BASE_URL'])
      expect(gw[key].startsWith(`${env.NHS_SANDBOX_PUBLIC_URL}/`)).toBe(true);
  });

  it('registers the gateway with the sandbox from configuration (its API key and JWKS URL), with no one-shot job', () => {
    const gw = compose.services.gateway.environment ?? {};
    const env = compose.services['nhs-sandbox'].environment ?? {};
    expect(env.NHS_SANDBOX_APP_API_KEY).toBe(gw.NHS_API_KEY);
    // The gateway publishes its key at /.well-known/jwks.json (JwksController) on its own service name and port.
    expect(env.NHS_SANDBOX_APP_JWKS_URL).toBe(`http://gateway:${gw.PORT}/.well-known/jwks.json`);
    expect(Object.keys(compose.services)).not.toContain('nhs-sandbox-register');
    const dependsOn = compose.services['nhs-sandbox'].depends_on ?? {};
    expect(Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn)).not.toContain('gateway');
    expect(read('deploy/compose/sandbox-app.js')).not.toMatch(/_sandbox\/apps/);
  });

  it('lets npm run demo sign against the stack: the demo signer trusted for the sandbox service, state in a volume the node user owns', () => {
    const gw = compose.services.gateway;
    expect(gw.environment?.XUA_DEMO_SIGNER_SANDBOX_SERVICE).toBe('true');
    const state = gw.environment?.GATEWAY_STATE_DIR;
    expect(gw.volumes?.some((v) => v.endsWith(`:${state}`) && !v.startsWith('.') && !v.startsWith('/'))).toBe(true);
    expect(read('Dockerfile')).toMatch(new RegExp(`mkdir -p [^\\n]*${state}[^\\n]*&& chown node:node [^\\n]*${state}`));
  });

  it('has no default Grafana admin password: it must come from the environment', () => {
    expect(compose.services.grafana.environment?.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?[^}]+\}$/);
  });

  it('runs Redis with an append-only file on a named volume, so acknowledged patient id mappings survive a restart', () => {
    const redis = compose.services.redis;
    const args = redis.command ?? [];
    const flag = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
    expect(args[0]).toBe('redis-server');
    expect(flag('appendonly')).toBe('yes');
    expect(['everysec', 'always']).toContain(flag('appendfsync'));
    const dir = flag('dir') ?? '/data';
    const mount = (redis.volumes ?? []).map((v) => v.split(':')).find(([, target]) => target === dir);
    expect(mount).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(mount?.[0]);
    // Mappings are written without a TTL: only a volatile-* policy (or none) keeps them from eviction.
    expect(flag('maxmemory-policy') ?? 'noeviction').toMatch(/^(volatile-|noeviction$)/);
  });

  it('mounts the alert rules where prometheus.yml loads them, and they query exported metrics', async () => {
    const prom = load(read('deploy/prometheus/prometheus.yml')) as { rule_files: string[] };
    expect(compose.services.prometheus.volumes).toContain(`./deploy/prometheus/alerts.yml:${prom.rule_files[0]}:ro`);
    const rules = load(read('deploy/prometheus/alerts.yml')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
    startDefaultMetrics();
    const exported = new Set((await register.getMetricsAsJSON()).map((m) => m.name));
    for (const rule of rules.groups.flatMap((g) => g.rules)) {
      for (const [, name] of rule.expr.matchAll(/\b(gw_[a-z0-9_]+)/g)) {
        const base = name.replace(/_(bucket|count|sum)$/, '');
        expect(`${rule.alert}: ${name} ${exported.has(base) ? 'exported' : 'missing'}`).toBe(`${rule.alert}: ${name} exported`);
      }
    }
  });

  it('has Prometheus scrape the gateway port at /metrics', () => {
    const prom = load(read('deploy/prometheus/prometheus.yml')) as {
      scrape_configs: Array<{ metrics_path?: string; static_configs: Array<{ targets: string[] }> }>;
    };
    const job = prom.scrape_configs[0];
    expect(job.metrics_path ?? '/metrics').toBe('/metrics');
    expect(job.static_configs[0].targets).toEqual([`gateway:${compose.services.gateway.environment?.PORT}`]);
  });
});

describe('Grafana provisioning and dashboard', () => {
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/gateway.json')) as {
    panels: Array<{ title: string; datasource: { uid: string }; targets: Array<{ expr: string }> }>;
  };
  const datasource = load(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
    datasources: Array<{ uid: string; url: string }>;
  };

  it('points every panel at the provisioned Prometheus datasource', () => {
    expect(datasource.datasources[0].url).toBe('http://prometheus:9090');
    for (const p of dashboard.panels) expect(p.datasource.uid).toBe(datasource.datasources[0].uid);
  });

  it('is mounted where the dashboard provider looks for it', () => {
    const provider = load(read('deploy/grafana/provisioning/dashboards/dashboards.yml')) as {
      providers: Array<{ options: { path: string } }>;
    };
    expect(compose.services.grafana.volumes).toContain(`./deploy/grafana/dashboards:${provider.providers[0].options.path}:ro`);
  });

  it('queries only metrics the gateway exports', async () => {
    startDefaultMetrics();
    const exported = new Set((await register.getMetricsAsJSON()).map((m) => m.name));
    const used = new Set(
      dashboard.panels.flatMap((p) =>
        p.targets.flatMap((t) => [...t.expr.matchAll(/\b((?:gw|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1])),
      ),
    );
    for (const name of used) {
      const base = name.replace(/_(bucket|count|sum)$/, '');
      expect(`${name} ${exported.has(name) || exported.has(base) ? 'exported' : 'missing'}`).toBe(`${name} exported`);
    }
    for (const title of ['Request rate by route', 'Error rate', 'Cache hit ratio', 'Upstream latency p95 (NHS)']) {
      expect(dashboard.panels.map((p) => p.title)).toContain(title);
    }
  });
});
