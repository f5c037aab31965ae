import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { EnvConfig } from '@gw/config';

@EnvConfig()
export class PdsConfig {
  /** PDS FHIR R4 base, e.g. https://int.api.service.nhs.uk/personal-demographics/FHIR/R4. */
  @IsString()
  PDS_BASE_URL = 'https://int.api.service.nhs.uk/personal-demographics/FHIR/R4';

  /** Deadline of one PDS call, retries included. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  PDS_TIMEOUT_MS = 5_000;

  /** Retries of a read on 429/502/503/504 or a reset connection (same X-Request-ID each time). */
  @IsInt()
  @Min(0)
  @Max(5)
  PDS_RETRIES = 2;

  /** Longest wait between retries (caps Retry-After). */
  @IsInt()
  @Min(0)
  @Max(30_000)
  PDS_MAX_RETRY_WAIT_MS = 1_000;

  /** NHSD-End-User-Organisation-ODS when the caller gives none (empty = header not sent). */
  @IsString()
  @IsOptional()
  PDS_END_USER_ORG_ODS = '';
}
