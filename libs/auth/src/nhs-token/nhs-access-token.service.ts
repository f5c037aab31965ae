import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { SingleFlight } from '@gw/cache';
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

/**
 * Application-restricted access token for PDS (OAuth2 client credentials with a signed JWT).
 * The token is kept in memory until NHS_TOKEN_REFRESH_MARGIN_S before expiry; concurrent callers
 * share one refresh (single-flight). Each exchange signs a new assertion with a new jti.
 * Tokens are never logged.
 */
@Injectable()
export class NhsAccessTokenService implements OnApplicationShutdown {
  private readonly logger = new Logger(NhsAccessTokenService.name);
  private readonly flight = new SingleFlight();
  private readonly dispatcher = upstreamDispatcher({ retries: 0 });
  private cached?: { token: string; refreshAtMs: number };
  /** Number of successful exchanges (exposed for tests and diagnostics). */
  exchanges = 0;

  constructor(
    private readonly cfg: AuthConfig,
    private readonly keys: SigningKeyService,
  ) {}

  /** After the HTTP server has drained (not onModuleDestroy): a request still being answered keeps its connection pool. */
  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }

  async accessToken(): Promise<string> {
    if (this.cached && Date.now() < this.cached.refreshAtMs) return this.cached.token;
    return this.flight.run('token', () => this.exchange());
  }

  /** Drops the cached token (after the API answered 401 to it). */
  invalidate(token?: string): void {
    if (!token || this.cached?.token === token) this.cached = undefined;
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
    return json.access_token;
  }
}
