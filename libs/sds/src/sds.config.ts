import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { EnvConfig, Secret } from '@gw/config';

@EnvConfig()
export class SdsConfig {
  /** SDS FHIR base, e.g. https://int.api.service.nhs.uk/spine-directory/FHIR/R4. */
  @IsString()
  SDS_BASE_URL = 'https://int.api.service.nhs.uk/spine-directory/FHIR/R4';

  /** Application API key sent as the apikey header (SDS uses no OAuth). Empty = NHS_API_KEY. */
  @Secret()
  @IsString()
  @IsOptional()
  SDS_API_KEY = '';

  /** Deadline of one SDS call (Endpoint or Device), retries included. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  SDS_TIMEOUT_MS = 3_000;

  /** Retries of a lookup on 502/503/504 or a reset connection. */
  @IsInt()
  @Min(0)
  @Max(5)
  SDS_RETRIES = 1;

  /** How long a practice's resolved endpoint is cached (0 = not cached). */
  @IsInt()
  @Min(0)
  @Max(86_400)
  SDS_CACHE_TTL_S = 3_600;
}
