import type { Logger } from '@nestjs/common';
import { loadOrCreateDemoSigner, type DemoSigner } from '@gw/xua';
import { loadConfig, type EnvOverlay } from '@gw/config';
import { PlatformConfig } from '../platform/platform.config';
import { gatewayStateDir } from '../platform/state-dir';
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
export function trustedCertsWithDemoSigner(logger: Logger, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const cfg = loadConfig(DemoSignerConfig, { ...env });
  if (!cfg.XUA_DEMO_SIGNER) return undefined;
  const { signer, warning } = loadOrCreateDemoSigner(
    cfg.XUA_DEMO_SIGNER_DIR || gatewayStateDir(loadConfig(PlatformConfig, { ...env }).GATEWAY_STATE_DIR),
  );
  if (warning) logger.warn(warning);
  active = signer;
  logger.log(
    `XUA: the demo signer${signer.certFile ? ` (${signer.certFile})` : ''} is trusted while the embedded NHS sandbox runs (npm run demo signs with it); never with real NHS endpoints`,
  );
  return [env.XUA_TRUSTED_CERTS, demoSignerTrustEntry(signer)].filter(Boolean).join(',');
}

/** Variables naming the NHS endpoints the gateway calls; unset, the first three default to NHS England's. */
const NHS_URL_VARS = ['PDS_BASE_URL', 'SDS_BASE_URL', 'NHS_TOKEN_URL'] as const;
const OPTIONAL_NHS_URL_VARS = ['GP_CONNECT_SSP_URL'] as const;

/** True for an NHS England host (its APIs, Spine and the GP Connect providers all sit under nhs.uk). */
function isNhsEnglandHost(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'nhs.uk' || host.endsWith('.nhs.uk');
  } catch {
    return false;
  }
}

/**
 * With the NHS sandbox run as its own service (XUA_DEMO_SIGNER_SANDBOX_SERVICE=true, the compose stack):
 * trusts the demo signer as on the embedded sandbox, after checking that no NHS base URL is an NHS England
 * host. Throws when one is, so the gateway refuses to start rather than trust the demo signer on real endpoints.
 * Returns the settings the gateway app reads on top of the environment: XUA_TRUSTED_CERTS with the
 * demo signer, or nothing.
 */
export function trustDemoSignerForSandboxService(logger: Logger, env: NodeJS.ProcessEnv = process.env): EnvOverlay {
  const cfg = loadConfig(DemoSignerConfig, { ...env });
  if (!cfg.XUA_DEMO_SIGNER || !cfg.XUA_DEMO_SIGNER_SANDBOX_SERVICE) return {};
  const real = [
    ...NHS_URL_VARS.filter((v) => !env[v] || isNhsEnglandHost(env[v]!)),
    ...OPTIONAL_NHS_URL_VARS.filter((v) => env[v] && isNhsEnglandHost(env[v]!)),
  ];
  if (real.length) {
    throw new Error(
      `XUA_DEMO_SIGNER_SANDBOX_SERVICE=true but ${real.join(', ')} name (or default to) an NHS England host; the demo signer is for the sandbox only`,
    );
  }
  const trusted = trustedCertsWithDemoSigner(logger, env);
  return trusted ? { XUA_TRUSTED_CERTS: trusted } : {};
}
