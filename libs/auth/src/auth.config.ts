import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { EnvConfig, Secret } from '@gw/config';

/**
 * NHS authentication settings: the signing key and API key for the PDS OAuth2 client-credentials
 * flow, and the defaults of the GP Connect consumer JWT (used when the caller's identity lacks them).
 */
@EnvConfig()
export class AuthConfig {
  /** Application API key registered with NHS England (iss and sub of the client assertion). */
  @Secret()
  @IsString()
  @IsOptional()
  NHS_API_KEY = '';

  /** RS512 private key in PEM (takes precedence over NHS_PRIVATE_KEY_FILE). */
  @Secret()
  @IsString()
  @IsOptional()
  NHS_PRIVATE_KEY = '';

  /** Path to the RS512 private key in PEM. */
  @IsString()
  @IsOptional()
  NHS_PRIVATE_KEY_FILE = '';

  /** kid registered for the key in the application's JWKS; empty = the key's RFC 7638 thumbprint. */
  @IsString()
  @IsOptional()
  NHS_KEY_ID = '';

  /** JWKS file of further public keys to publish beside the signing keys (rotation by hand with NHS_KEY_STORE=config: the next and the previous key). */
  @IsString()
  @IsOptional()
  NHS_JWKS_EXTRA_FILE = '';

  /**
   * Where the key ring lives: `config` = the one key of NHS_PRIVATE_KEY(_FILE), no rotation; `redis` = the
   * cache's Redis (REDIS_URL, shared by every instance); `folder` = NHS_KEY_DIR (one host or a shared volume).
   */
  @IsIn(['config', 'redis', 'folder'])
  NHS_KEY_STORE: 'config' | 'redis' | 'folder' = 'config';

  /** Folder of the key ring when NHS_KEY_STORE=folder (ring.json, mode 0600). */
  @IsString()
  @IsOptional()
  NHS_KEY_DIR = '';

  /** Passphrase encrypting the ring's private keys at rest (PKCS#8, AES-256-CBC); empty = stored unencrypted. */
  @Secret()
  @IsString()
  @IsOptional()
  NHS_KEY_RING_PASSPHRASE = '';

  /** Seconds a new key is published in the JWKS before signing switches to it (longer than NHS's JWKS caching). */
  @IsInt()
  @Min(1)
  NHS_KEY_ROTATION_OVERLAP_S = 3_600;

  /** Seconds the previous key stays published after the switch (at least NHS_ASSERTION_TTL_S is enforced). */
  @IsInt()
  @Min(1)
  NHS_KEY_ROTATION_RETIRE_AFTER_S = 600;

  /** Rotate automatically when the newest key is this many days old; 0 = only by `keys rotate`. */
  @IsInt()
  @Min(0)
  @Max(3_650)
  NHS_KEY_ROTATION_INTERVAL_DAYS = 0;

  /** Seconds between reloads of the key ring by each instance (must be below NHS_KEY_ROTATION_OVERLAP_S). */
  @IsInt()
  @Min(1)
  @Max(3_600)
  NHS_KEY_RING_REFRESH_S = 30;

  /** Modulus length of keys created by rotation (NHS asks for 4096). */
  @IsIn([2048, 3072, 4096])
  NHS_KEY_BITS = 4_096;

  /** OAuth2 token endpoint; also the client assertion's aud. */
  @IsString()
  @IsOptional()
  NHS_TOKEN_URL = 'https://int.api.service.nhs.uk/oauth2/token';

  /** Deadline of one token request. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  NHS_TOKEN_TIMEOUT_MS = 5_000;

  /** Refresh the access token this many seconds before it expires. */
  @IsInt()
  @Min(0)
  @Max(500)
  NHS_TOKEN_REFRESH_MARGIN_S = 60;

  /** Lifetime of the client assertion (NHS allows at most 300 s). */
  @IsInt()
  @Min(10)
  @Max(300)
  NHS_ASSERTION_TTL_S = 300;

  /** GP Connect JWT iss and requesting_device identifier system: the consumer system's URL. */
  @IsString()
  GP_CONNECT_CONSUMER_URL = 'https://gateway.example.nhs.uk';

  /** requesting_device model (also its identifier value). */
  @IsString()
  GP_CONNECT_DEVICE_MODEL = 'gp-record-gateway';

  /** requesting_device version. */
  @IsString()
  GP_CONNECT_DEVICE_VERSION = '0.1.0';

  /** requesting_organization ODS code when the caller's organisation id is not an ODS code (e.g. an OID). */
  @IsString()
  GP_CONNECT_DEFAULT_ORG_ODS = 'A11111';

  /** requesting_organization name when the caller sends none. */
  @IsString()
  GP_CONNECT_DEFAULT_ORG_NAME = 'Gateway consumer organisation';

  /** requesting_practitioner local user id (and JWT sub) when the caller sends no subject. */
  @IsString()
  GP_CONNECT_DEFAULT_PRACTITIONER_ID = 'gateway-user';

  /** requesting_practitioner family name when the caller sends no subject. */
  @IsString()
  GP_CONNECT_DEFAULT_PRACTITIONER_FAMILY = 'Gateway';

  /** requesting_practitioner given name when the caller sends no subject. */
  @IsString()
  GP_CONNECT_DEFAULT_PRACTITIONER_GIVEN = 'Clinician';

  /** requesting_practitioner SDS user id when the caller sends no subject (UNK = unknown). */
  @IsString()
  GP_CONNECT_DEFAULT_SDS_USER_ID = 'UNK';

  /** requesting_practitioner SDS role profile id when the caller sends no subject (UNK = unknown). */
  @IsString()
  GP_CONNECT_DEFAULT_SDS_ROLE_PROFILE_ID = 'UNK';

  /** reason_for_request claim (GP Connect accepts only directcare for Access Record). */
  @IsIn(['directcare', 'migration'])
  GP_CONNECT_REASON_FOR_REQUEST = 'directcare';
}
