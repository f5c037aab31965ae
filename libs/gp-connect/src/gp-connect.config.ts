import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { EnvConfig, EnvList } from '@gw/config';

/** Clinical areas of Access Record Structured, by their Parameters name. */
export const GP_CONNECT_AREAS = [
  'includeAllergies',
  'includeMedication',
  'includeConsultations',
  'includeProblems',
  'includeImmunisations',
  'includeUncategorisedData',
  'includeInvestigations',
  'includeReferrals',
  'includeDiaryEntries',
] as const;
export type GpConnectArea = (typeof GP_CONNECT_AREAS)[number];

@EnvConfig()
export class GpConnectConfig {
  /** Our ASID (Ssp-From): the consumer system's accredited system id. */
  @Matches(/^\d{1,20}$/)
  GP_CONNECT_ASID = '200000000359';

  /**
   * Consumer ASIDs of originating organisations that have their own (Ssp-From is the originating
   * organisation's ASID): comma-separated ODS=ASID pairs, e.g. "RR8=200000000123,RJ1=200000000456".
   * Callers not listed use GP_CONNECT_ASID.
   */
  @EnvList()
  @Matches(/^[A-Z0-9]{3,10}=\d{1,20}$/i, { each: true })
  GP_CONNECT_CONSUMER_ASIDS: string[] = [];

  /** Spine Security Proxy base; the request goes to {SSP}/{provider service root}/... Empty = call the provider directly. */
  @IsString()
  @IsOptional()
  GP_CONNECT_SSP_URL = '';

  /** Deadline of one structured-record call, its retry included. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  GP_CONNECT_TIMEOUT_MS = 20_000;

  /** Largest structured record accepted, in bytes (32 MiB); a bigger answer is refused, not half-read. */
  @IsInt()
  @Min(1_000)
  @Max(1_000_000_000)
  GP_CONNECT_MAX_RESPONSE_BYTES = 33_554_432;

  /** Retries on 5xx or a failed connection, each with a new Ssp-TraceID, within GP_CONNECT_TIMEOUT_MS (spec: at most once). */
  @IsInt()
  @Min(0)
  @Max(1)
  GP_CONNECT_RETRIES = 1;

  /** Clinical areas requested (comma-separated Parameters names); default: all nine, includeAllergies … includeDiaryEntries. */
  @EnvList()
  @IsIn(GP_CONNECT_AREAS, { each: true })
  GP_CONNECT_AREAS: string[] = [...GP_CONNECT_AREAS];

  /** includeConsultations.includeNumberOfMostRecent. */
  @IsInt()
  @Min(1)
  @Max(999)
  GP_CONNECT_CONSULTATIONS_MOST_RECENT = 3;
}
