import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { loadConfig } from '@gw/config';
import { AuthConfig } from '@gw/auth';
import { PdsConfig } from '@gw/pds';
import { SdsConfig } from '@gw/sds';
import { GpConnectConfig } from '@gw/gp-connect';
import { HealthConfig } from './health.config';

export interface Upstream {
  name: string;
  url: string;
}

/** The NHS endpoints the gateway calls directly (GP practice endpoints come from SDS per request). */
export function configuredUpstreams(env: NodeJS.ProcessEnv = process.env): Upstream[] {
  const list: Upstream[] = [
    { name: 'nhs-oauth', url: loadConfig(AuthConfig, env).NHS_TOKEN_URL },
    { name: 'pds', url: loadConfig(PdsConfig, env).PDS_BASE_URL },
    { name: 'sds', url: loadConfig(SdsConfig, env).SDS_BASE_URL },
  ];
  const ssp = loadConfig(GpConnectConfig, env).GP_CONNECT_SSP_URL;
  if (ssp) list.push({ name: 'gp-connect-ssp', url: ssp });
  return list;
}

/** Named in each result, so an "up" beside a 401 or 404 reads as what it is. */
export const REACHABILITY = 'reachability (any HTTP answer counts)';

/**
 * Reachability of one NHS endpoint: any HTTP answer (even 401 or 404: the base URL is not an API
 * operation, and no credentials are sent) proves the network path and TLS work; a refused
 * connection or no answer within the deadline is "down". The result names what was checked and
 * the answer seen. Results are cached briefly so probes do not load the NHS.
 */
@Injectable()
export class UpstreamHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly cfg: HealthConfig,
  ) {}

  check(upstream: Upstream): PromiseLike<HealthIndicatorResult> {
    const attempt = this.health
      .check(upstream.name)
      .attempt(async ({ signal }) => {
        const res = await fetch(upstream.url, { method: 'GET', signal, redirect: 'manual' });
        await res.body?.cancel();
        return { checked: REACHABILITY, answer: `HTTP ${res.status}` };
      })
      .withTimeout(this.cfg.HEALTH_CHECK_TIMEOUT_MS);
    return this.cfg.HEALTH_UPSTREAM_CACHE_MS > 0 ? attempt.cacheFor(this.cfg.HEALTH_UPSTREAM_CACHE_MS) : attempt;
  }
}
