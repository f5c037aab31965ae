import { IsInt, Max, Min } from 'class-validator';
import { EnvConfig } from '@gw/config';

/**
 * Graceful shutdown. On SIGTERM readiness answers 503 at once and every response asks its client to
 * close the connection; the listener stays open SHUTDOWN_DELAY_MS (so a load balancer sees the 503
 * and stops routing here), then closes, in-flight requests get SHUTDOWN_DRAIN_TIMEOUT_MS to finish,
 * and only then the NHS clients and Redis close. The process exits by delay + drain + 2 s at the latest.
 */
@EnvConfig()
export class ShutdownConfig {
  /** After SIGTERM, how long new requests are still accepted (readiness 503) before the listener closes; 0 = close at once. SIGINT does not wait. */
  @IsInt()
  @Min(0)
  @Max(60_000)
  SHUTDOWN_DELAY_MS = 3_000;

  /** Once the listener is closed, how long in-flight requests get to finish before their connections are cut. */
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_DRAIN_TIMEOUT_MS = 5_000;
}

/** Time left after the drain for the NHS clients, Redis, the embedded sandbox and tracing to close. */
export const SHUTDOWN_CLOSE_MARGIN_MS = 2_000;
