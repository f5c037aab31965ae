import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Finds shared/nhs (the NHS reference data: PDS stubs, SDS data, GP Connect bundles). It sits beside
 * the repository (../shared from the repo root), in a development tree and in CI alike; the sandbox
 * looks upwards from its own location so it also works from a build output folder.
 */
export function findNhsDataDir(explicit?: string): string {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  if (process.env.NHS_SANDBOX_DATA_DIR) candidates.push(process.env.NHS_SANDBOX_DATA_DIR);
  for (const start of [__dirname, process.cwd()]) {
    let dir = resolve(start);
    for (let i = 0; i < 8; i++) {
      candidates.push(join(dir, 'shared', 'nhs'), join(dir, '..', 'shared', 'nhs'));
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  const found = candidates.find((c) => existsSync(join(c, 'gpconnect', 'structured-record-bundles')));
  if (!found) throw new Error(`NHS reference data not found (looked for shared/nhs beside the repository; set NHS_SANDBOX_DATA_DIR)`);
  return resolve(found);
}

export function readJson<T = unknown>(dir: string, ...parts: string[]): T {
  return JSON.parse(readFileSync(join(dir, ...parts), 'utf8')) as T;
}
