import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { KeyValueStore, SharedSingleFlight } from '@gw/cache';
import { AuthConfig } from '../auth.config';
import { SigningKeyService } from '../keys/signing-key.service';
import { parseJson, upstreamCall, upstreamDispatcher, UpstreamTimeoutError } from '@gw/upstream-http';
import { buildClientAssertion } from './client-assertion.util';

/** The token endpoint refused us or could not be reached; carries the NHS error (never the token). */
export class NhsTokenError extends Error {
  override readonly name = 'NhsTokenError';
  constructor(
    readonly status: number | undefined,
    readonly error: string,
    readonly description: string,
  ) {
    super(`NHS token request failed: ${status ?? '-'} ${error}: ${description}`);
  }
}

interface TokenResponse {
  access_token?: string;
  expires_in?: string | number;
  token_type?: string;
  error?: string;
  error_description?: string;
}

/** The shared token entry: what every instance reads before asking NHS for one of its own. */
interface StoredToken {
  token: string;
  refreshAtMs: number;
}

/** Constant-time comparison of two tokens (hashed first, so lengths do not show either). */
function sameToken(a: string, b: string): boolean {
  const digest = (t: string) => createHash('sha256').update(t).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Cache key of the shared access token (Redis: one token for every instance). */
const TOKEN_KEY = 'nhs-token:access';

/**
 * Application-restricted access token for PDS (OAuth2 client credentials with a signed JWT).
 * The token is kept until NHS_TOKEN_REFRESH_MARGIN_S before expiry, in memory and, with Redis, in
 * the shared cache, so every instance uses one token; concurrent callers share one refresh, across
 * instances with Redis (SharedSingleFlight: one instance refreshes under the lock, the others take
 * its token). Each exchange signs a new assertion with a new jti. Tokens are never logged.
 */
@Injectable()
export class NhsAccessTokenService implements OnApplicationShutdown {
  private readonly logger = new Logger(NhsAccessTokenService.name);
  private readonly flight: SharedSingleFlight;
  private readonly dispatcher = upstreamDispatcher({ retries: 0 });
  private cached?: StoredToken;
  /** Number of successful exchanges by this process (exposed for tests and diagnostics). */
  exchanges = 0;

  constructor(
    private readonly cfg: AuthConfig,
    private readonly keys: SigningKeyService,
    @Optional() private readonly shared?: KeyValueStore,
    @Optional() flight?: SharedSingleFlight,
  ) {
    this.flight = flight ?? SharedSingleFlight.perProcess();
  }

  /** After the HTTP server has drained (not onModuleDestroy): a request still being answered keeps its connection pool. */
  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }

  async accessToken(): Promise<string> {
    if (this.cached && Date.now() < this.cached.refreshAtMs) return this.cached.token;
    const stored = await this.storedToken();
    if (stored) return stored;
    // Waiting on another instance's refresh is bounded like a refresh of our own (request plus lock round trips).
    const refreshed = await this.flight.run(
      'nhs-token',
      async () => (await this.storedToken()) ?? this.exchange(),
      this.cfg.NHS_TOKEN_TIMEOUT_MS + 1_000,
    );
    if (typeof refreshed !== 'string')
      throw new NhsTokenError(undefined, 'timeout', 'another instance did not finish refreshing the token in time');
    return refreshed;
  }

  /** Drops the cached token (after the API answered 401 to it), here and in the shared cache when it is the one stored there. */
  async invalidate(token?: string): Promise<void> {
    if (!token || this.cached?.token === token) this.cached = undefined;
    if (this.shared?.kind !== 'redis') return;
    const stored = await this.shared.get<StoredToken>(TOKEN_KEY);
    if (!token || (stored && sameToken(stored.token, token))) await this.shared.delete(TOKEN_KEY);
  }

  /** A still-fresh token another instance (or this one) stored, adopted into memory; undefined to refresh. */
  private async storedToken(): Promise<string | undefined> {
    if (this.shared?.kind !== 'redis') return undefined;
    const s = await this.shared.get<StoredToken>(TOKEN_KEY);
    if (!s || typeof s.token !== 'string' || !(Date.now() < s.refreshAtMs)) return undefined;
    this.cached = s;
    return s.token;
  }

  private async exchange(): Promise<string> {
    if (!this.cfg.NHS_API_KEY) throw new NhsTokenError(undefined, 'configuration', 'NHS_API_KEY is not set');
    const { privateKey, kid } = this.keys.key();
    const assertion = buildClientAssertion({
      apiKey: this.cfg.NHS_API_KEY,
      tokenUrl: this.cfg.NHS_TOKEN_URL,
      kid,
      privateKey,
      ttlSeconds: this.cfg.NHS_ASSERTION_TTL_S,
    });
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }).toString();
    let res;
    try {
      res = await upstreamCall({
        service: 'nhs-oauth',
        operation: 'token',
        method: 'POST',
        url: this.cfg.NHS_TOKEN_URL,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        timeoutMs: this.cfg.NHS_TOKEN_TIMEOUT_MS,
        dispatcher: this.dispatcher,
      });
    } catch (e) {
      const timeout = e instanceof UpstreamTimeoutError;
      throw new NhsTokenError(undefined, timeout ? 'timeout' : 'network', (e as Error).message);
    }
    const json = parseJson<TokenResponse>(res.text);
    if (res.status !== 200 || !json?.access_token) {
      const err = new NhsTokenError(
        res.status,
        json?.error ?? 'invalid_response',
        json?.error_description ?? 'token endpoint answered without a token',
      );
      this.logger.warn(`NHS token request refused: ${res.status} ${err.error}: ${err.description}`);
      throw err;
    }
    // expires_in is a string in NHS answers ("599"); accept a number too.
    const expiresIn = Number(json.expires_in ?? 599);
    const lifetimeMs = (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 599) * 1000;
    const marginMs = Math.min(this.cfg.NHS_TOKEN_REFRESH_MARGIN_S * 1000, lifetimeMs / 2);
    this.cached = { token: json.access_token, refreshAtMs: Date.now() + lifetimeMs - marginMs };
    this.exchanges++;
    // Best effort: when the write fails, other instances refresh for themselves.
    if (this.shared?.kind === 'redis') await this.shared.set(TOKEN_KEY, this.cached, lifetimeMs);
    return json.access_token;
  }
}
