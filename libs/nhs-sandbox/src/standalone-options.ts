import { parseFaults } from './faults/fault-injection';
import type { NhsSandboxOptions } from './nhs-sandbox';
import type { NhsSandboxConfig } from './sandbox.config';

/**
 * The sandbox's options when it runs as its own process (main.ts, the compose nhs-sandbox service).
 * The configured application is registered on every start, by JWKS URL, so a sandbox restart keeps
 * it and the application can restart or rotate its key without registering again.
 */
export function standaloneOptions(cfg: NhsSandboxConfig): NhsSandboxOptions {
  return {
    port: cfg.NHS_SANDBOX_PORT,
    host: cfg.NHS_SANDBOX_HOST,
    faults: parseFaults(cfg.NHS_SANDBOX_FAULTS),
    pdsTps: cfg.NHS_SANDBOX_PDS_TPS,
    gpConnectDisabledAreas: cfg.NHS_SANDBOX_GPC_DISABLED_AREAS,
    gpConnectErrorMode: cfg.NHS_SANDBOX_GPC_ERROR_MODE,
    publicUrl: cfg.NHS_SANDBOX_PUBLIC_URL || undefined,
    apps: cfg.NHS_SANDBOX_APP_API_KEY ? [{ apiKey: cfg.NHS_SANDBOX_APP_API_KEY, jwksUrl: cfg.NHS_SANDBOX_APP_JWKS_URL }] : [],
  };
}
