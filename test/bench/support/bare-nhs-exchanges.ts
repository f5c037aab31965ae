/**
 * The floor of an upstream GP record fetch: the PDS read and the GP Connect structured-record POST
 * the gateway makes, sent bare to the sandbox (one undici agent, a cached token, a prebuilt
 * Parameters body per patient), with JSON.parse of each body and nothing else. What a client adds on
 * top of these, and what a first ITI-38 adds on top, is the gateway's own work.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { type AuthConfig, GpConnectJwtService, type NhsAccessTokenService } from '@gw/auth';
import { GpConnectConfig, structuredRecordParameters } from '@gw/gp-connect';
import type { startNhsSandbox } from '@gw/nhs-sandbox';

type Sandbox = Awaited<ReturnType<typeof startNhsSandbox>>;

export interface BareNhsExchanges {
  /** PDS GET Patient/{nhs}, parsed. */
  read(nhsNumber: string): Promise<unknown>;
  /** GP Connect getstructuredrecord for the patient (after the PDS read unless `withRead` is false), parsed. */
  record(nhsNumber: string, withRead?: boolean): Promise<unknown>;
  close(): Promise<void>;
}

export async function bareNhsExchanges(sandbox: Sandbox, auth: AuthConfig, tokens: NhsAccessTokenService): Promise<BareNhsExchanges> {
  const token = await tokens.accessToken();
  const jwt = new GpConnectJwtService(auth);
  const gpcCfg = new GpConnectConfig();
  const requester = { source: 'default' as const };
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  const bodies = new Map<string, string>();
  const parametersFor = (nhs: string) => {
    let b = bodies.get(nhs);
    if (!b) {
      b = JSON.stringify(structuredRecordParameters(nhs, gpcCfg.GP_CONNECT_AREAS, gpcCfg.GP_CONNECT_CONSULTATIONS_MOST_RECENT));
      bodies.set(nhs, b);
    }
    return b;
  };
  const gpcUrl = `${sandbox.gpConnectRoot}Patient/$gpc.getstructuredrecord`;

  const read = async (nhs: string) => {
    const r = await request(`${sandbox.pdsBaseUrl}/Patient/${nhs}`, {
      dispatcher: agent,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/fhir+json',
        'x-request-id': randomUUID(),
        'x-correlation-id': 'bench',
      },
    });
    if (r.statusCode !== 200) throw new Error(`floor PDS read answered ${r.statusCode}`);
    return JSON.parse(await r.body.text());
  };
  const record = async (nhs: string, withRead = true) => {
    if (withRead) await read(nhs);
    const r = await request(gpcUrl, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/fhir+json;charset=utf-8',
        accept: 'application/fhir+json;charset=utf-8',
        'ssp-traceid': randomUUID(),
        'ssp-from': gpcCfg.GP_CONNECT_ASID,
        'ssp-to': sandbox.gpConnectAsid,
        'ssp-interactionid': 'urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1',
        authorization: `Bearer ${jwt.build(sandbox.gpConnectRoot, requester).token}`,
      },
      body: parametersFor(nhs),
    });
    if (r.statusCode !== 200) throw new Error(`floor GP Connect call answered ${r.statusCode}`);
    return JSON.parse(await r.body.text());
  };
  return { read, record, close: () => agent.close() };
}
