import { assertAllConfigValid } from '@gw/config';

/**
 * Validates every setting of every lib before anything listens (the embedded sandbox included), so a
 * bad configuration never opens a port. A config class registers itself when its module is imported;
 * createGatewayApp loads the composition root lazily, so it is loaded here first.
 */
export function assertBootConfigValid(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../gateway.module');
  assertAllConfigValid();
}
