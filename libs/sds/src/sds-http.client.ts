import { Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Bundle, Device, Endpoint, Identifier } from 'fhir/r4';
import { AuthConfig } from '@gw/auth';
import { joinUrl, parseJson, upstreamCall, upstreamDispatcher, UpstreamTimeoutError } from '@gw/upstream-http';
import { KeyValueStore, SingleFlight } from '@gw/cache';
import { SdsClient, type GpConnectEndpoint, type SdsLookupOutcome } from './sds-client';
import { SdsConfig } from './sds.config';

export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
export const INTERACTION_SYSTEM = 'https://fhir.nhs.uk/Id/nhsServiceInteractionId';
export const PARTY_KEY_SYSTEM = 'https://fhir.nhs.uk/Id/nhsMhsPartyKey';
export const ASID_SYSTEM = 'https://fhir.nhs.uk/Id/nhsSpineASID';
export const GET_STRUCTURED_RECORD_INTERACTION = 'urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1';

const ODS = /^[A-Z0-9]{3,10}$/i;

type Step = { ok: true; bundle: Bundle } | { ok: false; outcome: SdsLookupOutcome };

function identifierValue(ids: Identifier[] | undefined, system: string): string | undefined {
  return ids?.find((i) => i.system === system)?.value;
}

/**
 * SDS FHIR over HTTP: Endpoint then Device lookup for a practice's GP Connect structured-record
 * interaction, giving the provider service root (JWT aud) and ASID (Ssp-To). Found endpoints are
 * cached in the shared KeyValueStore and concurrent lookups of one practice share one call.
 */
@Injectable()
export class SdsHttpClient extends SdsClient implements OnApplicationShutdown {
  private readonly logger = new Logger(SdsHttpClient.name);
  private readonly dispatcher;
  private readonly flight = new SingleFlight();

  constructor(
    private readonly cfg: SdsConfig,
    private readonly auth: AuthConfig,
    @Optional() private readonly cache?: KeyValueStore,
  ) {
    super();
    this.dispatcher = upstreamDispatcher({ retries: cfg.SDS_RETRIES });
    if (!cache) this.logger.warn('No KeyValueStore provided: SDS lookups are not cached');
  }

  /** After the HTTP server has drained (not onModuleDestroy): a request still being answered keeps its connection pool. */
  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }

  async lookupStructuredRecordEndpoint(odsCode: string, ctx: { requestId: string }): Promise<SdsLookupOutcome> {
    const ods = odsCode.trim().toUpperCase();
    if (!ODS.test(ods)) return { kind: 'not-found' };
    const key = `sds:gpc-structured:${ods}`;
    if (this.cache && this.cfg.SDS_CACHE_TTL_S > 0) {
      const hit = await this.cache.get<GpConnectEndpoint>(key);
      if (hit) return { kind: 'found', endpoint: hit };
    }
    return this.flight.run(key, async () => {
      const outcome = await this.resolve(ods, ctx.requestId);
      if (outcome.kind === 'found' && this.cache && this.cfg.SDS_CACHE_TTL_S > 0) {
        await this.cache.set(key, outcome.endpoint, this.cfg.SDS_CACHE_TTL_S * 1000);
      }
      return outcome;
    });
  }

  private async resolve(ods: string, requestId: string): Promise<SdsLookupOutcome> {
    const endpointQuery = new URLSearchParams();
    endpointQuery.append('organization', `${ODS_SYSTEM}|${ods}`);
    endpointQuery.append('identifier', `${INTERACTION_SYSTEM}|${GET_STRUCTURED_RECORD_INTERACTION}`);
    const ep = await this.get('endpoint', `Endpoint?${endpointQuery}`, requestId);
    if (!ep.ok) return ep.outcome;
    const endpoints = (ep.bundle.entry ?? []).map((e) => e.resource as Endpoint).filter((r) => r?.resourceType === 'Endpoint');
    if (endpoints.length === 0) return { kind: 'not-found' };
    if (endpoints.length > 1) return { kind: 'upstream-error', code: 'SDS_MULTIPLE_ENDPOINTS' };
    const endpoint = endpoints[0];
    const partyKey = identifierValue(endpoint.identifier, PARTY_KEY_SYSTEM);
    if (!endpoint.address || !partyKey) return { kind: 'upstream-error', code: 'SDS_ENDPOINT_INCOMPLETE' };

    const deviceQuery = new URLSearchParams();
    deviceQuery.append('organization', `${ODS_SYSTEM}|${ods}`);
    deviceQuery.append('identifier', `${INTERACTION_SYSTEM}|${GET_STRUCTURED_RECORD_INTERACTION}`);
    deviceQuery.append('identifier', `${PARTY_KEY_SYSTEM}|${partyKey}`);
    const dv = await this.get('device', `Device?${deviceQuery}`, requestId);
    if (!dv.ok) return dv.outcome;
    const devices = (dv.bundle.entry ?? []).map((e) => e.resource as Device).filter((r) => r?.resourceType === 'Device');
    if (devices.length !== 1) return { kind: 'upstream-error', code: devices.length ? 'SDS_MULTIPLE_DEVICES' : 'SDS_NO_DEVICE' };
    const asid = identifierValue(devices[0].identifier, ASID_SYSTEM);
    if (!asid) return { kind: 'upstream-error', code: 'SDS_DEVICE_WITHOUT_ASID' };
    return { kind: 'found', endpoint: { odsCode: ods, address: endpoint.address, asid, partyKey } };
  }

  private async get(operation: 'endpoint' | 'device', path: string, requestId: string): Promise<Step> {
    try {
      const res = await upstreamCall({
        service: 'sds',
        operation,
        method: 'GET',
        url: joinUrl(this.cfg.SDS_BASE_URL, path),
        headers: {
          apikey: this.cfg.SDS_API_KEY || this.auth.NHS_API_KEY,
          accept: 'application/fhir+json',
          'x-correlation-id': randomUUID(),
          'x-request-id': requestId,
        },
        timeoutMs: this.cfg.SDS_TIMEOUT_MS,
        dispatcher: this.dispatcher,
      });
      const body = parseJson<Bundle>(res.text);
      if (res.status === 404) return { ok: false, outcome: { kind: 'not-found' } };
      if (res.status !== 200) {
        this.logger.warn(`SDS ${operation} answered ${res.status}`);
        return { ok: false, outcome: { kind: 'upstream-error', status: res.status } };
      }
      if (body?.resourceType !== 'Bundle')
        return { ok: false, outcome: { kind: 'upstream-error', status: 200, code: 'MALFORMED_RESPONSE' } };
      return { ok: true, bundle: body };
    } catch (e) {
      if (e instanceof UpstreamTimeoutError) return { ok: false, outcome: { kind: 'timeout' } };
      return { ok: false, outcome: { kind: 'upstream-error', code: 'network' } };
    }
  }
}
