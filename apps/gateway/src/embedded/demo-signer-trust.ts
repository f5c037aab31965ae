import type { Logger } from '@nestjs/common';
import { loadOrCreateDemoSigner } from '@gw/auth';
import { loadConfig } from '@gw/config';
import { DemoSignerConfig } from './demo-signer.config';

/**
 * XUA_TRUSTED_CERTS with the demo signer's certificate added, for the embedded sandbox only (the caller
 * runs this only once it knows no NHS base URLs are configured); undefined when XUA_DEMO_SIGNER=false.
 * The certificate is added by file when it is kept in a folder, inline otherwise.
 */
export function trustedCertsWithDemoSigner(logger: Logger): string | undefined {
  const cfg = loadConfig(DemoSignerConfig, { ...process.env });
  if (!cfg.XUA_DEMO_SIGNER) return undefined;
  const { signer, warning } = loadOrCreateDemoSigner(cfg.XUA_DEMO_SIGNER_DIR);
  if (warning) logger.warn(warning);
  const entry = signer.certFile ?? signer.certPem;
  logger.log(
    `XUA: the demo signer${signer.certFile ? ` (${signer.certFile})` : ''} is trusted while the embedded NHS sandbox runs (npm run demo signs with it); never with real NHS endpoints`,
  );
  return [process.env.XUA_TRUSTED_CERTS, entry].filter(Boolean).join(',');
}
