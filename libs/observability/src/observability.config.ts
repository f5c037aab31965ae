import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { EnvBoolean, EnvConfig } from '@gw/config';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Logging and tracing settings. Tracing is off unless an OTLP endpoint is given (or OTEL_ENABLED=true). */
@EnvConfig()
export class ObservabilityConfig {
  @IsIn(LEVELS, { message: `must be one of ${LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LEVELS)[number] = 'info';

  /** OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); setting it turns tracing on. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string = undefined;

  /** Turns tracing on with the OTLP exporter's own default endpoint (http://localhost:4318). */
  @EnvBoolean()
  @IsBoolean()
  OTEL_ENABLED = false;

  @IsString()
  @Matches(/^[\w.-]{1,64}$/, { message: 'must be 1-64 letters, digits, ".", "-" or "_"' })
  OTEL_SERVICE_NAME = 'gp-record-gateway';
}

export function tracingEnabled(cfg: ObservabilityConfig): boolean {
  return cfg.OTEL_ENABLED || Boolean(cfg.OTEL_EXPORTER_OTLP_ENDPOINT);
}
