import type { Logger } from '@nestjs/common';
import { loadOrCreateDemoSigner, type DemoSigner } from '@gw/auth';
import { loadConfig } from '@gw/config';
import { DemoSignerConfig } from './demo-signer.config';

/** The demo signer this process made trusted, if any (read by the admin endpoint that mints with it). */
let active: DemoSigner | undefined;

/** The XUA_TRUSTED_CERTS entry that stands for the signer: its file when kept in a folder, else the PEM itself. */
export function demoSignerTrustEntry(signer: DemoSigner): string {
  return (signer.certFile ?? signer.certPem).trim();
}

/**
 * The demo signer, when this process trusts it: made trusted here, and still in the trusted list the
 * gateway was configured with (so a gateway on real NHS endpoints never mints with it).
 */
export function trustedDemoSigner(trustedCerts: readonly string[]): DemoSigner | undefined {
  return active && trustedCerts.includes(demoSignerTrustEntry(active)) ? active : undefined;
}

/**
 * XUA_TRUSTED_CERTS with the demo signer's certificate added, for the embedded sandbox only (the caller
 * runs this only once it knows no NHS base URLs are configured); undefined when XUA_DEMO_SIGNER=false.
 */
export function trustedCertsWithDemoSigner(logger: Logger): string | undefined {
  const cfg = loadConfig(DemoSignerConfig, { ...process.env });
  if (!cfg.XUA_DEMO_SIGNER) return undefined;
  const { signer, warning } = loadOrCreateDemoSigner(cfg.XUA_DEMO_SIGNER_DIR);
  if (warning) logger.warn(warning);
  active = signer;
  logger.log(
    `XUA: the demo signer${signer.certFile ? ` (${signer.certFile})` : ''} is trusted while the embedded NHS sandbox runs (npm run demo signs with it); never with real NHS endpoints`,
  );
  return [process.env.XUA_TRUSTED_CERTS, demoSignerTrustEntry(signer)].filter(Boolean).join(',');
}
