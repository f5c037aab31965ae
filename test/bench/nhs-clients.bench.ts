/**
 * NHS clients benchmark (in process, loopback HTTP to the embedded sandbox): the cost the PDS and
 * GP Connect clients add on top of the bare HTTP exchange they make, as ratios.
 *  - PDS read: PdsHttpClient.read (NHS number check, cached token, headers, typed outcome) against a
 *    floor of one undici GET with the same headers plus JSON.parse of the body.
 *  - GP Connect: GpConnectHttpClient.getStructuredRecord (new JWT and Ssp-TraceID, typed outcome,
 *    warnings, patient identity check) against the bare POST plus JSON.parse.
 *  - GP record: GpRecordFetcher.fetch for the main demonstrator patient (PDS read → SDS from cache →
 *    GP Connect structured record, ~300 KB bundle) against a floor of the same two HTTP exchanges
 *    made bare (prebuilt JWT and Parameters) with JSON.parse of both bodies.
 * Work and floor alternate so both see the same neighbours on a shared machine; medians only.
 * The clients are built by hand: tsx gives no decorator metadata for Nest DI. Nest's console logger
 * is off: the gateway logs through pino, and colour console output would dominate the figures.
 */
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { AuthConfig, GpConnectJwtService, NhsAccessTokenService, publicJwk, SigningKeyService } from '@gw/auth';
import { KeyValueStore } from '@gw/cache';
import { GpConnectConfig, GpConnectHttpClient, GpRecordFetcher } from '@gw/gp-connect';
import { PdsConfig, PdsHttpClient } from '@gw/pds';
import { SdsConfig, SdsHttpClient } from '@gw/sds';
import { startNhsSandbox } from '@gw/nhs-sandbox';
import { bareNhsExchanges } from './support/bare-nhs-exchanges';
import { median } from './support/timing.util';

class MemoryStore extends KeyValueStore {
  readonly kind = 'memory' as const;
  private readonly m = new Map<string, unknown>();
  async get<T>(k: string) {
    return this.m.get(k) as T | undefined;
  }
  async set<T>(k: string, v: T) {
    this.m.set(k, v);
  }
  async delete(k: string) {
    return this.m.delete(k);
  }
  async setIfAbsent<T>(k: string, v: T) {
    if (this.m.has(k)) return false;
    this.m.set(k, v);
    return true;
  }
  async isHealthy() {
    return true;
  }
}

async function compare(label: string, work: () => Promise<unknown>, floor: () => Promise<unknown>, runs: number): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await work();
    await floor();
  }
  const w: number[] = [];
  const f: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    await work();
    w.push(performance.now() - t0);
    t0 = performance.now();
    await floor();
    f.push(performance.now() - t0);
  }
  const [mw, mf] = [median(w), median(f)];
  console.log(`  ${label.padEnd(44)} client ${mw.toFixed(3)} ms  floor ${mf.toFixed(3)} ms  ratio ${(mw / mf).toFixed(3)}  (${runs} runs)`);
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const sandbox = await startNhsSandbox({ port: 0, pdsTps: 1_000_000 });
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  sandbox.registerApp({ apiKey: 'bench-app', jwks: { keys: [publicJwk(publicKey, 'bench') as unknown as Record<string, unknown>] } });
  const auth = Object.assign(new AuthConfig(), {
    NHS_API_KEY: 'bench-app',
    NHS_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    NHS_KEY_ID: 'bench',
    NHS_TOKEN_URL: sandbox.tokenUrl,
  });
  const tokens = new NhsAccessTokenService(auth, new SigningKeyService(auth));
  const jwt = new GpConnectJwtService(auth);
  const pds = new PdsHttpClient(Object.assign(new PdsConfig(), { PDS_BASE_URL: sandbox.pdsBaseUrl }), tokens);
  const sds = new SdsHttpClient(Object.assign(new SdsConfig(), { SDS_BASE_URL: sandbox.sdsBaseUrl }), auth, new MemoryStore());
  const gpcCfg = new GpConnectConfig();
  const gpc = new GpConnectHttpClient(gpcCfg, jwt);
  const fetcher = new GpRecordFetcher(pds, sds, gpc);
  const requester = { source: 'default' as const };

  const bare = await bareNhsExchanges(sandbox, auth, tokens);
  const bareRead = () => bare.read('9690937286');
  const bareRecord = (withRead = true) => bare.record('9690937286', withRead);

  const check = await fetcher.fetch('9690937286', requester, 'bench');
  if (check.kind !== 'record') throw new Error(`fetcher answered ${check.kind}`);
  console.log(`NHS clients against the in-process sandbox (record: ${check.bundle.entry?.length} entries)`);
  await compare('PDS read (9690937286)', () => pds.read('9690937286', { requestId: 'bench' }), bareRead, 300);
  const endpoint = { odsCode: 'B82617', address: sandbox.gpConnectRoot, asid: sandbox.gpConnectAsid };
  await compare(
    'GP Connect structured record only',
    () => gpc.getStructuredRecord({ nhsNumber: '9690937286', endpoint, requester, requestId: 'bench' }),
    async () => bareRecord(false),
    150,
  );
  await compare(
    'GP record fetch (PDS → SDS cached → GP Connect)',
    () => fetcher.fetch('9690937286', requester, 'bench'),
    () => bareRecord(),
    150,
  );

  await Promise.all([
    pds.onApplicationShutdown(),
    sds.onApplicationShutdown(),
    gpc.onApplicationShutdown(),
    tokens.onApplicationShutdown(),
    bare.close(),
  ]);
  await sandbox.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
