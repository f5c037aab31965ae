import { IsInt, Max, Min } from 'class-validator';
import { EnvConfig } from '@gw/config';

@EnvConfig()
export class HealthConfig {
  /** Deadline of each readiness check (Redis write-and-read, each NHS endpoint); a hung dependency fails the check. */
  @IsInt()
  @Min(100)
  @Max(30_000)
  HEALTH_CHECK_TIMEOUT_MS = 2_000;

  /** How long an NHS reachability result is reused, so frequent probes do not load the NHS endpoints. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  HEALTH_UPSTREAM_CACHE_MS = 10_000;
}
