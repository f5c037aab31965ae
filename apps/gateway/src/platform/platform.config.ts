import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { EnvBoolean, EnvConfig, EnvList, Secret } from '@gw/config';

/** HTTP platform settings of the gateway process. */
@EnvConfig()
export class PlatformConfig {
  /** HTTP port of the gateway (SOAP endpoints, admin API, health, metrics, docs). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Interface to bind; 0.0.0.0 = all (containers), 127.0.0.1 = this machine only. */
  @IsString()
  HOST = '0.0.0.0';

  /** Largest JSON/form body (admin API); SOAP bodies are bounded by SOAP_MAX_BODY_BYTES. bytes-style: 100kb, 1mb. */
  @Matches(/^\d+(b|kb|mb)?$/i, { message: 'must be a size such as 512kb or 1mb' })
  BODY_LIMIT = '1mb';

  /** Allowed CORS origins, comma-separated; empty = CORS closed (no Access-Control-* headers). "*" allows any. */
  @EnvList()
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  /** Trust X-Forwarded-* from this many proxy hops (0 = none); needed for per-client throttling behind a proxy. */
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  /** Rate limit per client IP: THROTTLE_LIMIT requests per THROTTLE_TTL_MS window; 429 beyond. */
  @IsInt()
  @Min(1)
  THROTTLE_LIMIT = 600;

  /** Length of the rate-limit window, in ms. */
  @IsInt()
  @Min(1000)
  THROTTLE_TTL_MS = 60_000;

  /** How long a client over the limit stays blocked; defaults to the window. */
  @IsOptional()
  @IsInt()
  @Min(1000)
  THROTTLE_BLOCK_MS?: number = undefined;

  /**
   * Bearer key of the admin API. Unset = the admin API answers 503 (disabled) and a warning is logged
   * at boot. At least 24 characters.
   */
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'must be at least 24 characters' })
  @Secret()
  ADMIN_API_KEY?: string = undefined;

  /** How long an admin browser session (sign-in at /admin/login, an HttpOnly cookie) lasts, in seconds. */
  @IsInt()
  @Min(60)
  @Max(28_800)
  ADMIN_SESSION_TTL_S = 900;

  /**
   * How long an idle keep-alive connection stays open. Keep it above the idle timeout of any load
   * balancer in front (often 60 s), or the balancer may reuse a connection the gateway just closed (502s).
   */
  @IsInt()
  @Min(1000)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;

  /** Longest a client may take to send a whole request; slower ones get 408 (slow-client protection). */
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  HTTP_REQUEST_TIMEOUT_MS = 120_000;

  /**
   * Folder for state the gateway generates and reuses across starts (e.g. the embedded sandbox's key
   * pair); empty = `.state/` at the repository root (git-ignored). Files are written with mode 0600.
   */
  @IsString()
  @IsOptional()
  GATEWAY_STATE_DIR = '';

  /**
   * Gateway processes sharing PORT (node:cluster: a supervisor forks this many workers, restarts one
   * that dies and passes SIGTERM on). 1 = a single process, no supervisor: the right choice in a
   * container, where the orchestrator runs one process per pod. Above 1, REDIS_URL is required: the
   * document cache, demographic matches, the MessageID replay store and the rate limit must be shared.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  GATEWAY_WORKERS = 1;

  /**
   * Heap guard: while the V8 heap is above this share of its limit (--max-old-space-size), requests
   * with a body of at least HEAP_GUARD_MIN_BODY_BYTES get a retryable 503 before the body is read,
   * so a flood of large requests cannot end the process in a V8 out-of-memory. 0 = off.
   */
  @IsNumber()
  @Min(0)
  @Max(1)
  HEAP_GUARD_RATIO = 0.7;

  /** Smallest declared body the heap guard may refuse (a body of unknown length counts as large). */
  @IsInt()
  @Min(0)
  HEAP_GUARD_MIN_BODY_BYTES = 64 * 1024;

  /** Serve Swagger UI at /docs and the OpenAPI JSON at /docs-json. */
  @EnvBoolean()
  @IsBoolean()
  SWAGGER_ENABLED = true;
}
