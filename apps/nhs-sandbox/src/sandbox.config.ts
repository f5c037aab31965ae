import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { EnvConfig, EnvList } from '@gw/config';

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
   * Folder of the NHS reference data the sandbox serves (PDS records, SDS data, GP Connect bundles);
   * empty = found beside the repository.
   */
  @IsString()
  @IsOptional()
  NHS_SANDBOX_DATA_DIR = '';

  /** GP Connect answer to a blank Ssp-* header: spec (400 BAD_REQUEST) or demonstrator (400 INVALID_PARAMETER). */
  @IsIn(['spec', 'demonstrator'])
  NHS_SANDBOX_GPC_ERROR_MODE: 'spec' | 'demonstrator' = 'spec';
}
