import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { EnvBoolean, EnvConfig } from '@gw/config';

/** XCA document service settings: how long a generated GP record stays retrievable, and how long a query waits. */
@EnvConfig()
export class GpRecordConfig {
  /**
   * How long a generated document (bytes + metadata) stays in the cache, in seconds. Long enough for
   * the retrieve that follows a query, and for re-queries the same day; default 12 hours.
   */
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  XCA_DOCUMENT_TTL_SECONDS: number = 12 * 3600;

  /**
   * How long an ITI-38 query (or an admin refresh) waits for PDS → SDS → GP Connect → conversion,
   * in ms. When it passes the query answers XDSRegistryBusy and the fetch carries on, filling the
   * cache for the next query. Keep it below the initiating gateways' own timeout (30–60 s).
   */
  @IsInt()
  @Min(100)
  @Max(120_000)
  XCA_UPSTREAM_DEADLINE_MS: number = 20_000;

  /** Most DocumentRequests accepted in one ITI-39 request (IHE: at least 10; Epic sends up to 9). */
  @IsInt()
  @Min(10)
  @Max(1000)
  XCA_RETRIEVE_MAX_DOCUMENTS: number = 50;

  /** Most Slots accepted in one ITI-38 AdhocQuery (FindDocuments has about 15 parameters). More → XDSRegistryOutOfResources. */
  @IsInt()
  @Min(20)
  @Max(10_000)
  XCA_QUERY_MAX_SLOTS: number = 100;

  /** Most Slot Value elements accepted in one ITI-38 AdhocQuery, over all its Slots. More → XDSRegistryOutOfResources. */
  @IsInt()
  @Min(20)
  @Max(100_000)
  XCA_QUERY_MAX_SLOT_VALUES: number = 1000;

  /**
   * How many recent documents each process also keeps in memory, used only when the shared cache
   * (Redis) misses, so a query and its retrieve still meet during a Redis outage. 0 turns it off.
   */
  @IsInt()
  @Min(0)
  @Max(10_000)
  XCA_LOCAL_FALLBACK_DOCUMENTS: number = 100;

  /**
   * GP Connect NO_PATIENT_CONSENT: `error` answers Failure + XDSRegistryError with a plain-language
   * reason; `empty` answers Success with no documents.
   */
  @IsIn(['error', 'empty'])
  XCA_NO_CONSENT_POLICY: 'error' | 'empty' = 'error';

  /**
   * How long a patient's PDS status (restricted, invalidated, …) is trusted before ITI-38/39 read it
   * again, in seconds. Every disclosure of a cached document checks it; 0 reads PDS every time.
   */
  @IsInt()
  @Min(0)
  @Max(3600)
  XCA_PATIENT_STATUS_TTL_S: number = 300;

  /**
   * How long a demographic match (ITI-55/47 confirming a patient for an organisation) lets that
   * organisation query and retrieve the patient by NHS number, in seconds; default 12 hours.
   */
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  XCA_MATCH_WINDOW_S: number = 12 * 3600;

  /**
   * Answer ITI-38/39 for a bare NHS number without a prior demographic match by the same
   * organisation (CONNECT's trust mode). Off by default (verify mode).
   */
  @EnvBoolean()
  @IsBoolean()
  XCA_TRUST_BARE_NHS_NUMBER: boolean = false;
}
