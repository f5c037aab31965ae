#!/usr/bin/env node
// Validates every manifest under deploy/k8s (or the files given) against the Kubernetes OpenAPI
// schemas shipped in the npm kubernetes-models package, offline: no cluster is needed.
// Prints one line per document and exits 1 when any is invalid or of an unknown kind.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';

const ROOT = resolve(import.meta.dirname, '..');
const DIR = join(ROOT, 'deploy/k8s');
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(DIR, f));

/** apiVersion → the kubernetes-models module that holds its kinds ('v1' is the core group). */
function modulePath(apiVersion) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
}

let failed = 0;
for (const file of files) {
  for (const doc of loadAll(readFileSync(file, 'utf8'))) {
    if (!doc) continue;
    const where = `${file.replace(`${ROOT}/`, '')}: ${doc.apiVersion}/${doc.kind} ${doc.metadata?.name ?? ''}`;
    if (doc.apiVersion === 'kustomize.config.k8s.io/v1beta1') {
      console.log(`skip ${where} (kustomize, not a cluster object)`);
      continue;
    }
    try {
      const mod = await import(modulePath(doc.apiVersion));
      const Kind = mod[doc.kind];
      if (!Kind) throw new Error(`unknown kind ${doc.kind} in ${doc.apiVersion}`);
      new Kind(doc).validate();
      console.log(`ok   ${where}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${where}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
