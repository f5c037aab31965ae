import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@gw/config';
import { parseFaults } from './faults/fault-injection';
import { startNhsSandbox } from './nhs-sandbox';
import { NhsSandboxConfig } from './sandbox.config';

/** Runs the NHS sandbox alone (`nest start nhs-sandbox`). Apps register their JWKS via POST /_sandbox/apps. */
async function main(): Promise<void> {
  const cfg = loadConfig(NhsSandboxConfig);
  const sandbox = await startNhsSandbox({
    port: cfg.NHS_SANDBOX_PORT,
    host: cfg.NHS_SANDBOX_HOST,
    faults: parseFaults(cfg.NHS_SANDBOX_FAULTS),
    pdsTps: cfg.NHS_SANDBOX_PDS_TPS,
    gpConnectDisabledAreas: cfg.NHS_SANDBOX_GPC_DISABLED_AREAS,
    gpConnectErrorMode: cfg.NHS_SANDBOX_GPC_ERROR_MODE,
  });
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  new Logger('NhsSandbox').log(
    `token ${sandbox.tokenUrl} · PDS ${sandbox.pdsBaseUrl} · SDS ${sandbox.sdsBaseUrl} · GP Connect ${sandbox.gpConnectRoot}`,
  );
}

void main();
