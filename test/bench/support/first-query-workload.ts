/**
 * The first-ITI-38 workload shared by its benchmark and the profiler: the NHS sandbox in this
 * process (so a gateway process's CPU is its own work), the settings that point a built gateway at
 * it as at real NHS endpoints, the bare upstream exchanges as the floor, and the eleven demonstrator
 * patients the sandbox serves the main 122-entry record for under their own NHS numbers (each one's
 * first query is a full PDS → SDS → GP Connect → conversion).
 */
import { generateKeyPairSync } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { AuthConfig, NhsAccessTokenService, publicJwk, SigningKeyService } from '@gw/auth';
import { startNhsSandbox } from '@gw/nhs-sandbox';
import { matchPatient } from '../../support/patient-match';
import { readSample, soapRequest } from '../../support/soap-messages';
import { bareNhsExchanges, type BareNhsExchanges } from './bare-nhs-exchanges';
import { SOAP_HEADERS } from './xca-workload';

/** The main demonstrator record (9690937286) and the demonstrator patients the sandbox serves it for. */
export const FIRST_QUERY_PATIENTS = [
  '9690937286',
  '9690937294',
  '9690937308',
  '9690937375',
  '9690937383',
  '9690937391',
  '9690937405',
  '9690938622',
  '9690938614',
  '9690937316',
  '9690937324',
] as const;

const template = readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml').replace(
  'returnType="ObjectRef"',
  'returnType="LeafClass"',
);

export const findDocumentsFor = (nhs: string): string =>
  soapRequest('urn:ihe:iti:2007:CrossGatewayQuery', template.replace('$patient_id$', `${nhs}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`));

export interface Upstream {
  /** Gateway settings: these NHS endpoints, our key registered with the sandbox, XUA off. */
  env: Record<string, string>;
  bare: BareNhsExchanges;
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  Logger.overrideLogger(false);
  const sandbox = await startNhsSandbox({ port: 0, pdsTps: 1_000_000 });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
  sandbox.registerApp({ apiKey: 'bench-app', jwks: { keys: [publicJwk(publicKey, 'bench') as unknown as Record<string, unknown>] } });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const auth = Object.assign(new AuthConfig(), {
    NHS_API_KEY: 'bench-app',
    NHS_PRIVATE_KEY: pem,
    NHS_KEY_ID: 'bench',
    NHS_TOKEN_URL: sandbox.tokenUrl,
  });
  const tokens = new NhsAccessTokenService(auth, new SigningKeyService(auth));
  const bare = await bareNhsExchanges(sandbox, auth, tokens);
  return {
    env: {
      XUA_MODE: 'off',
      NHS_API_KEY: 'bench-app',
      NHS_KEY_ID: 'bench',
      NHS_PRIVATE_KEY: pem,
      NHS_TOKEN_URL: sandbox.tokenUrl,
      PDS_BASE_URL: sandbox.pdsBaseUrl,
      SDS_BASE_URL: sandbox.sdsBaseUrl,
    },
    bare,
    close: async () => {
      await Promise.all([bare.close(), tokens.onApplicationShutdown()]);
      await sandbox.close();
    },
  };
}

/** The demographic match XCA requires before it answers by NHS number, for every patient (not timed). */
export async function matchAll(gatewayUrl: string): Promise<void> {
  for (const nhs of FIRST_QUERY_PATIENTS) {
    if (!(await matchPatient(gatewayUrl, nhs)).includes('<queryResponseCode code="OK"/>')) throw new Error(`match failed for ${nhs}`);
  }
}

/** One FindDocuments; throws unless the answer holds a document entry for that patient. */
export async function queryDocuments(gatewayUrl: string, nhs: string): Promise<void> {
  const res = await fetch(`${gatewayUrl}/SOAP/iti38`, { method: 'POST', headers: SOAP_HEADERS, body: findDocumentsFor(nhs) });
  const text = await res.text();
  if (!text.includes('urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab') || !text.includes(nhs)) {
    throw new Error(`the query for ${nhs} returned no document of that patient`);
  }
}
