/* eslint-disable security/detect-non-literal-fs-filename -- key paths come from operator settings (NHS_PRIVATE_KEY_FILE, GATEWAY_STATE_DIR), never from a request */
import { Logger } from '@nestjs/common';
import { createPrivateKey, generateKeyPair } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { jwkThumbprint, publicJwk } from '@gw/auth';
import { loadConfig } from '@gw/config';
import { NhsSandboxConfig, parseFaults, startNhsSandbox, type SandboxFault } from '@gw/nhs-sandbox';
import { trustedCertsWithDemoSigner } from '../embedded/demo-signer-trust';
import { PlatformConfig } from '../platform/platform.config';
import { gatewayStateDir } from '../platform/state-dir';

/**
 * The settings that point the gateway's NHS clients at the embedded sandbox, read by the gateway app
 * on top of the environment (createGatewayApp's `env`); the environment itself is left as it was.
 */
export interface NhsEndpointOverrides {
  NHS_TOKEN_URL: string;
  PDS_BASE_URL: string;
  SDS_BASE_URL: string;
  NHS_API_KEY: string;
  NHS_KEY_ID: string;
  /** The generated (or kept) key, unless NHS_PRIVATE_KEY or NHS_PRIVATE_KEY_FILE names one. */
  NHS_PRIVATE_KEY?: string;
  /** The configured certificates and the demo signer's, unless XUA_DEMO_SIGNER=false. */
  XUA_TRUSTED_CERTS?: string;
}

/**
 * Embedded default: when no NHS base URLs are configured, start the NHS sandbox on
 * NHS_SANDBOX_PORT, with the overrides that point the PDS, SDS and GP Connect adapters at it
 * (over real HTTP). Returns undefined when real NHS endpoints are configured.
 */
export interface EmbeddedNhs {
  /** Base URL the sandbox listens on. */
  url: string;
  tokenUrl: string;
  pdsBaseUrl: string;
  sdsBaseUrl: string;
  gpConnectRoot: string;
  /** The sandbox's fault table and token controls, for tests. */
  sandbox: Awaited<ReturnType<typeof startNhsSandbox>>;
  /** What the gateway app reads on top of the environment to call this sandbox. */
  overrides: NhsEndpointOverrides;
  /** Stops the sandbox. */
  close(): Promise<void>;
}

export interface EmbeddedNhsOptions {
  /** Overrides NHS_SANDBOX_PORT (tests pass 0 for any free port). */
  port?: number;
  faults?: SandboxFault[];
  pdsTps?: number;
  gpConnectDisabledAreas?: string[];
  /** The settings read (tests pass the environment of the gateway they start); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Variables that, when set, mean real NHS endpoints are configured. */
const REAL_ENDPOINT_VARS = ['PDS_BASE_URL', 'SDS_BASE_URL', 'NHS_TOKEN_URL'] as const;
const EMBEDDED_API_KEY = 'embedded-sandbox-app';

/** One generated key per process when none is kept on disk (RSA 4096 takes from 0.5 s to over 10 s). */
let generated: Promise<string> | undefined;

function generateKeyPem(): Promise<string> {
  generated ??= promisify(generateKeyPair)('rsa', {
    modulusLength: 4096,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).then(({ privateKey }) => privateKey as unknown as string);
  return generated;
}

/** Where the generated key is kept: NHS_SANDBOX_KEY_FILE, else the state folder; undefined = memory only. */
export function sandboxKeyFile(cfg: NhsSandboxConfig, platform: PlatformConfig): string | undefined {
  if (cfg.NHS_SANDBOX_KEY_FILE === 'memory') return undefined;
  return cfg.NHS_SANDBOX_KEY_FILE || join(gatewayStateDir(platform.GATEWAY_STATE_DIR), 'nhs-sandbox-key.pem');
}

/**
 * Writes the key readable by its owner only, atomically (a temporary name, then rename), so a
 * concurrent start never reads half a key. A state folder that cannot be written (a read-only image)
 * costs only the reuse: the key then lives in memory for this process.
 */
function keep(keyFile: string, pem: string, logger: Logger): void {
  const tmp = `${keyFile}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, pem, { mode: 0o600 });
    renameSync(tmp, keyFile);
    logger.log(`Generated the sandbox key pair; kept in ${keyFile} for later starts`);
  } catch (e) {
    rmSync(tmp, { force: true });
    logger.warn(
      `Could not keep the sandbox key in ${keyFile} (${(e as NodeJS.ErrnoException).code ?? 'error'}); it is regenerated at each start`,
    );
  }
}

async function privateKeyPem(env: NodeJS.ProcessEnv, keyFile: string | undefined, logger: Logger): Promise<string> {
  if (env.NHS_PRIVATE_KEY) return env.NHS_PRIVATE_KEY.replace(/\\n/g, '\n');
  if (env.NHS_PRIVATE_KEY_FILE) return readFileSync(env.NHS_PRIVATE_KEY_FILE, 'utf8');
  if (keyFile && existsSync(keyFile)) return readFileSync(keyFile, 'utf8');
  const pem = await generateKeyPem();
  if (keyFile) keep(keyFile, pem, logger);
  return pem;
}

export async function startEmbeddedNhs(opts: EmbeddedNhsOptions = {}): Promise<EmbeddedNhs | undefined> {
  const logger = new Logger('EmbeddedNhs');
  const env = opts.env ?? process.env;
  if (REAL_ENDPOINT_VARS.some((v) => env[v])) return undefined;
  const cfg = loadConfig(NhsSandboxConfig, { ...env });
  // The key comes first: a start that fails on it must not leave the sandbox listening.
  const pem = await privateKeyPem(env, sandboxKeyFile(cfg, loadConfig(PlatformConfig, { ...env })), logger);
  const key = createPrivateKey(pem);
  const sandbox = await startNhsSandbox({
    port: opts.port ?? cfg.NHS_SANDBOX_PORT,
    host: cfg.NHS_SANDBOX_HOST,
    faults: opts.faults ?? parseFaults(cfg.NHS_SANDBOX_FAULTS),
    pdsTps: opts.pdsTps ?? cfg.NHS_SANDBOX_PDS_TPS,
    gpConnectDisabledAreas: opts.gpConnectDisabledAreas ?? cfg.NHS_SANDBOX_GPC_DISABLED_AREAS,
    gpConnectErrorMode: cfg.NHS_SANDBOX_GPC_ERROR_MODE,
  });
  const kid = env.NHS_KEY_ID || jwkThumbprint(key);
  const apiKey = env.NHS_API_KEY || EMBEDDED_API_KEY;
  // The sandbox plays NHS England's part: our public key is registered with it for our API key.
  sandbox.registerApp({ apiKey, jwks: { keys: [publicJwk(key, kid) as unknown as Record<string, unknown>] } });

  const overrides: NhsEndpointOverrides = {
    NHS_API_KEY: apiKey,
    NHS_KEY_ID: kid,
    NHS_TOKEN_URL: sandbox.tokenUrl,
    PDS_BASE_URL: sandbox.pdsBaseUrl,
    SDS_BASE_URL: sandbox.sdsBaseUrl,
  };
  if (!env.NHS_PRIVATE_KEY && !env.NHS_PRIVATE_KEY_FILE) overrides.NHS_PRIVATE_KEY = pem;
  const trusted = trustedCertsWithDemoSigner(logger, env);
  if (trusted) overrides.XUA_TRUSTED_CERTS = trusted;
  logger.log(`Embedded NHS sandbox at ${sandbox.url} (no NHS base URLs configured)`);

  return {
    url: sandbox.url,
    tokenUrl: sandbox.tokenUrl,
    pdsBaseUrl: sandbox.pdsBaseUrl,
    sdsBaseUrl: sandbox.sdsBaseUrl,
    gpConnectRoot: sandbox.gpConnectRoot,
    sandbox,
    overrides,
    close: () => sandbox.close(),
  };
}
