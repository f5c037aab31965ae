import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_PATIENTS } from '@gw/nhs-sandbox';
import { matchPatient } from '../support/patient-match';
import { freePort } from '../platform/support/redis-server.util';
import { buildGateway, startGatewayProcess, startSandboxProcess, type RunningProcess } from './support/processes';

const QUERY = 'urn:ihe:iti:2007:CrossGatewayQuery';
const RETRIEVE = 'urn:ihe:iti:2007:CrossGatewayRetrieve';
const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';
const SUCCESS = 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success';
const UNIQUE_ID = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/;
const API_KEY = 'scale-test-app';
const KID = 'scale-test-key';

function envelope(action: string, body: string): string {
  return `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header><a:Action s:mustUnderstand="1">${action}</a:Action><a:MessageID>urn:uuid:${crypto.randomUUID()}</a:MessageID><a:To>http://gateway/</a:To></s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

function findDocuments(nhs: string): string {
  return envelope(
    QUERY,
    `<query:AdhocQueryRequest xmlns:query="urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0"><query:ResponseOption returnComposedObjects="true" returnType="LeafClass"/><rim:AdhocQuery id="urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d" home="${HOME}"><rim:Slot name="$XDSDocumentEntryPatientId"><rim:ValueList><rim:Value>'${nhs}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO'</rim:Value></rim:ValueList></rim:Slot><rim:Slot name="$XDSDocumentEntryStatus"><rim:ValueList><rim:Value>('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')</rim:Value></rim:ValueList></rim:Slot></rim:AdhocQuery></query:AdhocQueryRequest>`,
  );
}

function retrieve(uniqueId: string): string {
  return envelope(
    RETRIEVE,
    `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"><DocumentRequest><HomeCommunityId>${HOME}</HomeCommunityId><RepositoryUniqueId>${REPO}</RepositoryUniqueId><DocumentUniqueId>${uniqueId}</DocumentUniqueId></DocumentRequest></RetrieveDocumentSetRequest>`,
  );
}

async function soap(gateway: RunningProcess, endpoint: string, body: string): Promise<string> {
  const res = await fetch(`${gateway.url}/SOAP/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
    body,
  });
  return res.text();
}

async function gpConnectCalls(sandbox: RunningProcess): Promise<number> {
  return ((await (await fetch(`${sandbox.url}/_sandbox/calls`)).json()) as { gpConnect: number }).gpConnect;
}

/**
 * Three gateway processes behind no load balancer (the test picks the instance), one NHS sandbox
 * process and one Redis, all on loopback: the instances behave as one gateway. A patient matched on
 * A is queried on B and retrieved on C; 30 concurrent first queries for one patient over A, B and C
 * reach GP Connect once; B killed mid-load leaves A and C answering, and every match B acknowledged
 * before it died is still there.
 */
describe('three gateway processes on one Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-scale-'));
  let sandbox: RunningProcess;
  let a: RunningProcess;
  let b: RunningProcess;
  let c: RunningProcess;
  const [first, burst, ...others] = SANDBOX_PATIENTS.found;

  beforeAll(async () => {
    if (!process.env.SCALE_TEST_NO_BUILD) buildGateway();
    const keyFile = join(dir, 'nhs-signing-key.pem');
    writeFileSync(keyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    const env = (sandboxUrl: string) => ({
      REDIS_URL: process.env.TEST_REDIS_URL as string,
      CACHE_NAMESPACE: `scale${process.pid}`,
      NHS_API_KEY: API_KEY,
      NHS_KEY_ID: KID,
      NHS_PRIVATE_KEY_FILE: keyFile,
      NHS_TOKEN_URL: `${sandboxUrl}/oauth2/token`,
      PDS_BASE_URL: `${sandboxUrl}/personal-demographics/FHIR/R4`,
      SDS_BASE_URL: `${sandboxUrl}/spine-directory/FHIR/R4`,
      XUA_MODE: 'off',
      THROTTLE_LIMIT: '100000',
    });
    // The sandbox reads the application's JWKS from instance A (all three publish the same key).
    const aPort = await freePort();
    sandbox = await startSandboxProcess({
      NHS_SANDBOX_APP_API_KEY: API_KEY,
      NHS_SANDBOX_APP_JWKS_URL: `http://127.0.0.1:${aPort}/.well-known/jwks.json`,
    });
    [a, b, c] = await Promise.all([
      startGatewayProcess({ ...env(sandbox.url), PORT: String(aPort) }),
      startGatewayProcess(env(sandbox.url)),
      startGatewayProcess(env(sandbox.url)),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a, b, c, sandbox].filter(Boolean).map((p) => p.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers ITI-55 on A, ITI-38 on B and ITI-39 on C for one patient', async () => {
    const discovery = await matchPatient(a.url, first.nhsNumber);
    expect(discovery).toContain(first.nhsNumber);
    const query = await soap(b, 'iti38', findDocuments(first.nhsNumber));
    expect(query).toContain(SUCCESS);
    const uniqueId = UNIQUE_ID.exec(query)?.[1];
    expect(uniqueId).toBeDefined();
    const retrieved = await soap(c, 'iti39', retrieve(uniqueId!));
    expect(retrieved).toContain(SUCCESS);
    expect(retrieved).toContain('ClinicalDocument');
  });

  it('reaches GP Connect once for 30 concurrent first queries for one patient spread over A, B and C', async () => {
    await matchPatient(c.url, burst.nhsNumber);
    const before = await gpConnectCalls(sandbox);
    const instances = [a, b, c];
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => soap(instances[i % 3], 'iti38', findDocuments(burst.nhsNumber))),
    );
    const ids = answers.map((q) => UNIQUE_ID.exec(q)?.[1]);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    // One document for all: every instance answered with the one fetch's document.
    expect(new Set(ids).size).toBe(1);
    expect((await gpConnectCalls(sandbox)) - before).toBe(1);
  });

  it('keeps A and C answering when B is killed mid-load, and loses nothing B acknowledged', async () => {
    const patients = others.slice(0, 4);
    const acknowledgedByB: string[] = [];
    const failuresOnAC: string[] = [];
    let killed = false;
    let answeredAfterKill = 0;
    const load = async (gw: RunningProcess, label: string) => {
      for (let round = 0; round < 12; round++) {
        const p = patients[round % patients.length];
        if (round === 4 && label === 'B') {
          // Mid-load: B dies without a chance to finish anything.
          await b.kill();
          killed = true;
          return;
        }
        try {
          const matched = await matchPatient(gw.url, p.nhsNumber);
          if (label === 'B' && matched.includes(p.nhsNumber)) acknowledgedByB.push(p.nhsNumber);
          const query = await soap(gw, 'iti38', findDocuments(p.nhsNumber));
          if (!query.includes(SUCCESS) || !UNIQUE_ID.test(query)) throw new Error(`ITI-38 on ${label} not a success`);
          if (killed) answeredAfterKill++;
        } catch (e) {
          if (label !== 'B') failuresOnAC.push(`${label}: ${(e as Error).message}`);
        }
      }
    };
    await Promise.all([load(a, 'A'), load(b, 'B'), load(c, 'C')]);
    expect(killed).toBe(true);
    expect(failuresOnAC).toEqual([]);
    expect(answeredAfterKill).toBeGreaterThan(0);
    // What B acknowledged (its ITI-55 matches) still answers on A and C.
    expect(acknowledgedByB.length).toBeGreaterThan(0);
    for (const nhs of new Set(acknowledgedByB)) {
      expect(await soap(a, 'iti38', findDocuments(nhs))).toContain(SUCCESS);
      expect(await soap(c, 'iti38', findDocuments(nhs))).toContain(SUCCESS);
    }
  });
});
