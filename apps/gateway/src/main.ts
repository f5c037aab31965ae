// First: starts tracing (when configured) before Nest loads.
import { tracingStarted } from './tracing.preload';
import 'reflect-metadata';
import { trustDemoSignerForSandboxService } from './embedded/demo-signer-trust';
import { die, runGateway } from './platform/run-gateway';

/**
 * The production entry (`npm run start:prod`, the image's CMD): the NHS endpoints come from the
 * environment only (unset, NHS England's). Nothing reachable from here imports the NHS sandbox
 * (test/platform/architecture.spec.ts); the sandbox runs as its own service (docker-compose.yml),
 * or embedded by the development entry (main.dev.ts, `npm start`).
 */
runGateway(tracingStarted, async (logger) => {
  try {
    // With the sandbox as its own service (compose): the demo signer, after checking no NHS England host is named.
    return { env: trustDemoSignerForSandboxService(logger) };
  } catch (e) {
    die((e as Error).message);
  }
});
