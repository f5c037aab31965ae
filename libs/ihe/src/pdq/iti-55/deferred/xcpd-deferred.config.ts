import { IsInt, IsString, Max, Min } from 'class-validator';
import { EnvConfig, EnvList } from '@gw/config';

/** XCPD deferred mode (ITI-55 with responsePriorityCode D): where answers may go, and how much work may wait. */
@EnvConfig()
export class XcpdDeferredConfig {
  /**
   * Addresses a deferred ITI-55 answer may be sent to (the request's respondTo/telecom), comma-separated:
   * an exact URL, or an origin (`https://host[:port]`, no path) allowing any path on it. Empty = deferred
   * mode is refused (MCCI NS250). Any other address is refused with a Sender fault before any lookup.
   */
  @EnvList()
  @IsString({ each: true })
  XCPD_DEFERRED_REPLY_TO_ALLOWED: string[] = [];

  /** Most deferred requests accepted and not yet answered; beyond it a request is refused with a Receiver fault (retry later). */
  @IsInt()
  @Min(1)
  @Max(10_000)
  XCPD_DEFERRED_QUEUE_MAX: number = 100;

  /** Deferred requests worked on at once (PDS lookup and delivery). */
  @IsInt()
  @Min(1)
  @Max(64)
  XCPD_DEFERRED_CONCURRENCY: number = 2;

  /** Time from acceptance by which the answer must be delivered, retries included; past it the answer is dropped, in ms. */
  @IsInt()
  @Min(1000)
  XCPD_DEFERRED_DEADLINE_MS: number = 120_000;

  /** Deadline of one delivery attempt (the initiating gateway's acknowledgement included), in ms. */
  @IsInt()
  @Min(100)
  XCPD_DEFERRED_ATTEMPT_TIMEOUT_MS: number = 15_000;

  /** Delivery attempts after the first, on a failed connection, 429 or 5xx (never on another 4xx or a redirect). */
  @IsInt()
  @Min(0)
  @Max(10)
  XCPD_DEFERRED_RETRIES: number = 3;

  /** Wait before the first retry, doubled for each further one (capped by the deadline), in ms. */
  @IsInt()
  @Min(1)
  XCPD_DEFERRED_RETRY_BASE_MS: number = 1000;
}
