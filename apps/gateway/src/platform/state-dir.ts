/* eslint-disable security/detect-non-literal-fs-filename -- walks up from this module's own folder */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The gateway's state folder: GATEWAY_STATE_DIR, else `.state/` at the repository root (the nearest
 * folder above this file with a package.json, so it is the same from the sources and from dist/).
 */
export function gatewayStateDir(configured: string): string {
  if (configured) return resolve(configured);
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return resolve('.state');
    dir = up;
  }
  return join(dir, '.state');
}
