import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { EnvConfig, Secret } from '@gw/config';

/** Audit settings. Property names are the environment variable names. */
@EnvConfig()
export class AuditConfig {
  /**
   * Key of the keyed hash (HMAC-SHA-256) that pseudonymises NHS numbers in audit records. Its own
   * secret, shared by every instance so one patient has one pseudonym; when unset a random key is
   * made per process (pseudonyms then change at each restart) and a warning is logged.
   */
  @Secret()
  @IsOptional()
  @IsString()
  @MinLength(16)
  AUDIT_PSEUDONYM_KEY?: string = undefined;

  /** How many recent audit records each process keeps in memory for the admin view. */
  @IsInt()
  @Min(0)
  @Max(100_000)
  AUDIT_RECENT_MAX: number = 1000;
}
