import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@gw/config';
import { NhsSandboxConfig, standaloneOptions, startNhsSandbox } from '@gw/nhs-sandbox';

/**
 * Runs the NHS sandbox alone (`nest start nhs-sandbox`, the compose nhs-sandbox service). The app in
 * NHS_SANDBOX_APP_API_KEY / NHS_SANDBOX_APP_JWKS_URL is registered at every start; others via POST /_sandbox/apps.
 */
async function main(): Promise<void> {
  const sandbox = await startNhsSandbox(standaloneOptions(loadConfig(NhsSandboxConfig)));
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  new Logger('NhsSandbox').log(
    `token ${sandbox.tokenUrl} · PDS ${sandbox.pdsBaseUrl} · SDS ${sandbox.sdsBaseUrl} · GP Connect ${sandbox.gpConnectRoot}`,
  );
}

void main();
