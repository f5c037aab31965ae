// First: starts tracing (when configured) before Nest loads.
import { tracingStarted } from './tracing.preload';
import 'reflect-metadata';
import { startEmbeddedNhs } from './dev/start-embedded-nhs';
import { trustDemoSignerForSandboxService } from './embedded/demo-signer-trust';
import { die, runGateway } from './platform/run-gateway';

/**
 * The development entry (`npm start`, `npm run demo`): with no NHS base URLs configured it starts the
 * embedded NHS sandbox and runs the gateway on it, passing the sandbox's endpoints, key and demo
 * signer to the app as settings (never written to `process.env`); with NHS base URLs configured it
 * runs as the production entry (main.ts) does.
 */
runGateway(tracingStarted, async (logger) => {
  let embedded;
  try {
    embedded = await startEmbeddedNhs();
  } catch (e) {
    die(`Could not start the embedded NHS sandbox: ${(e as Error).message}`);
  }
  if (embedded) return { env: { ...embedded.overrides }, sandbox: embedded };
  try {
    return { env: trustDemoSignerForSandboxService(logger) };
  } catch (e) {
    die((e as Error).message);
  }
});
