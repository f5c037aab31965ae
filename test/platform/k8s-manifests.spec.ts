import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { describeConfig } from '@gw/config';
// Loading the whole module graph registers every config class, as in the running gateway.
import '../../apps/gateway/src/gateway.module';
import { SHUTDOWN_CLOSE_MARGIN_MS, ShutdownConfig } from '../../apps/gateway/src/platform/shutdown/shutdown.config';

/**
 * No cluster runs here: deploy/k8s is validated offline against the Kubernetes schemas
 * (scripts/validate-k8s.mjs, kubernetes-models) and held to the gateway it deploys: its settings,
 * probes, shutdown timing, memory and the restricted pod security profile.
 */
const ROOT = resolve(__dirname, '../..');
const DIR = join(ROOT, 'deploy/k8s');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
};
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
const objects = files.flatMap((f) =>
  (loadAll(readFileSync(join(DIR, f), 'utf8')) as Obj[]).filter(Boolean).map((o) => ({ ...o, file: f })),
);
const one = (kind: string) => objects.find((o) => o.kind === kind)!;
const deployment = one('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const config = one('ConfigMap').data!;

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('validate against the Kubernetes schemas', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'scripts/validate-k8s.mjs')], { encoding: 'utf8' });
    expect(out).not.toMatch(/^FAIL/m);
    expect(out.match(/^ok /gm)?.length).toBe(objects.filter((o) => !o.apiVersion.startsWith('kustomize')).length);
  });

  it('the schema check catches a wrong type', () => {
    const bad = join(tmpdir(), `gw-bad-deployment-${process.pid}.yaml`);
    writeFileSync(bad, read('deploy/k8s/deployment.yaml').replace('replicas: 3', 'replicas: three'));
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/validate-k8s.mjs'), bad], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^FAIL .*replicas must be integer/m);
  });

  it('kustomization lists every manifest but the example Secret', () => {
    const k = load(read('deploy/k8s/kustomization.yaml')) as { resources: string[] };
    expect([...k.resources].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml' && f !== 'secret.example.yaml').sort());
  });

  it('sets only settings the gateway reads, secrets from the Secret', () => {
    const known = new Set(Object.values(describeConfig()).flatMap((c) => Object.keys(c)));
    const names = [...Object.keys(config), ...container.env.map((e: { name: string }) => e.name)];
    for (const n of names) expect(`${n} ${known.has(n) ? 'known' : 'unknown'}`).toBe(`${n} known`);
    for (const secret of ['NHS_API_KEY', 'ADMIN_API_KEY', 'AUDIT_PSEUDONYM_KEY']) {
      expect(config[secret]).toBeUndefined();
      expect(container.env.find((e: { name: string }) => e.name === secret)?.valueFrom?.secretKeyRef?.name).toBe('gp-record-gateway');
    }
  });

  it('probes the gateway health endpoints on its port', () => {
    expect(container.ports[0].containerPort).toBe(Number(config.PORT));
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.startupProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
  });

  it('gives the graceful shutdown its whole time: preStop + delay + drain + close margin within the grace period', () => {
    const defaults = new ShutdownConfig();
    const delay = Number(config.SHUTDOWN_DELAY_MS ?? defaults.SHUTDOWN_DELAY_MS);
    const drain = Number(config.SHUTDOWN_DRAIN_TIMEOUT_MS ?? defaults.SHUTDOWN_DRAIN_TIMEOUT_MS);
    const [cmd, seconds] = container.lifecycle.preStop.exec.command;
    expect(cmd).toBe('sleep');
    const needed = Number(seconds) * 1000 + delay + drain + SHUTDOWN_CLOSE_MARGIN_MS;
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(needed);
  });

  it('runs as the image user, non-root, read-only root, no privilege escalation, all capabilities dropped', () => {
    expect(read('Dockerfile')).toMatch(/^USER node$/m); // uid 1000 in the node images
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    // The only writable places: /tmp and the gateway's state folder.
    const writable = container.volumeMounts
      .filter((m: { readOnly?: boolean }) => !m.readOnly)
      .map((m: { mountPath: string }) => m.mountPath);
    expect(writable.sort()).toEqual(['/tmp', config.GATEWAY_STATE_DIR].sort());
  });

  it('limits memory above the V8 heap the image sets', () => {
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(read('Dockerfile'))![1]);
    const limitMi = Number(/^(\d+)Mi$/.exec(container.resources.limits.memory)![1]);
    expect(limitMi).toBeGreaterThan(heapMb);
  });

  it('Service, HPA, PDB and NetworkPolicy select the Deployment pods; the PDB leaves room to drain one', () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(one('Service').spec.selector).toEqual(labels);
    expect(one('PodDisruptionBudget').spec.selector.matchLabels).toEqual(labels);
    expect(one('NetworkPolicy').spec.podSelector.matchLabels).toEqual(labels);
    expect(one('HorizontalPodAutoscaler').spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    expect(one('HorizontalPodAutoscaler').spec.minReplicas).toBeGreaterThan(one('PodDisruptionBudget').spec.minAvailable);
    expect(one('Service').spec.ports[0].targetPort).toBe(container.ports[0].name);
  });
});
