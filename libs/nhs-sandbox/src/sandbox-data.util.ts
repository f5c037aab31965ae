/* eslint-disable security/detect-non-literal-fs-filename -- reads the sandbox's own data folder with constant file names */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A folder holds the sandbox data when it has the recorded GP Connect bundles. */
const holdsData = (dir: string): boolean => existsSync(join(dir, 'gpconnect', 'structured-record-bundles'));

/**
 * The NHS data the sandbox serves (PDS records, GP Connect bundles; see apps/nhs-sandbox/data/PROVENANCE.md).
 * It ships with the repository in apps/nhs-sandbox/data; NHS_SANDBOX_DATA_DIR (or `explicit`) names
 * another folder of the same layout, and a named folder that does not hold the data is an error
 * rather than a silent fall-back. The bundled folder is found upwards from this file, so the
 * compiled sandbox (dist/libs/nhs-sandbox/src) finds it in a checkout and in the image alike.
 */
export function findNhsDataDir(explicit?: string): string {
  const named = explicit || process.env.NHS_SANDBOX_DATA_DIR;
  if (named) {
    if (!holdsData(named))
      throw new Error(`NHS sandbox data not found in ${named} (NHS_SANDBOX_DATA_DIR): no gpconnect/structured-record-bundles`);
    return resolve(named);
  }
  const candidates: string[] = [];
  for (let dir = resolve(__dirname), i = 0; i < 8 && dirname(dir) !== dir; i++, dir = dirname(dir)) {
    candidates.push(join(dir, 'apps', 'nhs-sandbox', 'data'));
  }
  const found = candidates.find(holdsData);
  if (!found) throw new Error('NHS sandbox data not found (apps/nhs-sandbox/data is missing; set NHS_SANDBOX_DATA_DIR)');
  return resolve(found);
}

export function readJson<T = unknown>(dir: string, ...parts: string[]): T {
  return JSON.parse(readFileSync(join(dir, ...parts), 'utf8')) as T;
}
