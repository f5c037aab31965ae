import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { EnvConfig, EnvList, Secret } from '@gw/config';

@EnvConfig()
export class NhsSandboxConfig {
  /** Port of the embedded NHS sandbox (0 = any free port). */
  @IsInt()
  @Min(0)
  @Max(65_535)
  NHS_SANDBOX_PORT = 3001;

  /** Address the embedded NHS sandbox binds to. */
  @IsString()
  NHS_SANDBOX_HOST = '127.0.0.1';

  /** Fault injection at start, JSON: [{"path":"/personal-demographics","status":503,"times":2}, …]. */
  @IsString()
  @IsOptional()
  NHS_SANDBOX_FAULTS = '';

  /** PDS spike arrest, requests per second (NHS default 5). */
  @IsInt()
  @Min(1)
  @Max(100_000)
  NHS_SANDBOX_PDS_TPS = 5;

  /** GP Connect clinical areas switched off at the demonstrator practice (comma-separated Parameters names). */
  @EnvList()
  NHS_SANDBOX_GPC_DISABLED_AREAS: string[] = [];

  /**
   * Where the generated key pair of the embedded default is kept, so later starts reuse it instead of
   * waiting for a new RSA-4096 key; empty = nhs-sandbox-key.pem in GATEWAY_STATE_DIR; `memory` = not kept.
   */
  @IsString()
  @IsOptional()
  NHS_SANDBOX_KEY_FILE = '';

  /**
   * Base URL the sandbox is reached at when it runs as its own service (e.g. http://nhs-sandbox:3001 on
   * a compose network): the token audience and the GP Connect address SDS hands out are derived from
   * it. Empty = the address it listens on.
   */
  @IsOptional()
  // eslint-disable-next-line security/detect-unsafe-regex -- one optional group, no nested repetition; an operator setting
  @Matches(/^(https?:\/\/[^\s/]+)?$/, { message: 'must be an http(s):// origin without a path' })
  NHS_SANDBOX_PUBLIC_URL = '';

  /**
   * An application registered at start, as with NHS England's developer portal: its API key
   * (the client assertion's iss/sub) and NHS_SANDBOX_APP_JWKS_URL, fetched at each token request so a
   * restarted or re-keyed application needs no new registration. Empty = none (register with POST /_sandbox/apps).
   */
  @Secret()
  @IsString()
  @IsOptional()
  NHS_SANDBOX_APP_API_KEY = '';

  /** The registered application's JWKS URL (required with NHS_SANDBOX_APP_API_KEY). */
  @ValidateIf((c: NhsSandboxConfig) => c.NHS_SANDBOX_APP_API_KEY !== '' || c.NHS_SANDBOX_APP_JWKS_URL !== '')
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s):// URL, and is required with NHS_SANDBOX_APP_API_KEY' })
  NHS_SANDBOX_APP_JWKS_URL = '';

  /**
   * Folder of the NHS reference data the sandbox serves (PDS records, SDS data, GP Connect bundles);
   * empty = the data bundled in the repository (apps/nhs-sandbox/data).
   */
  @IsString()
  @IsOptional()
  NHS_SANDBOX_DATA_DIR = '';

  /** GP Connect answer to a blank Ssp-* header: spec (400 BAD_REQUEST) or demonstrator (400 INVALID_PARAMETER). */
  @IsIn(['spec', 'demonstrator'])
  NHS_SANDBOX_GPC_ERROR_MODE: 'spec' | 'demonstrator' = 'spec';
}
