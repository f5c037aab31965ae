import { IsInt, Max, Min } from 'class-validator';
import { EnvConfig } from '@gw/config';

/** The GP record document: how long a generated record stays retrievable, and how long its generation is waited for. */
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

  /**
   * How many recent documents each process also keeps in memory, used only when the shared cache
   * (Redis) misses, so a query and its retrieve still meet during a Redis outage. 0 turns it off.
   */
  @IsInt()
  @Min(0)
  @Max(10_000)
  XCA_LOCAL_FALLBACK_DOCUMENTS: number = 100;
}
