import { Module, type LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { publicJwk } from '@gw/auth';
import { GatewayCacheModule } from '@gw/cache';
import { ConfigEnvModule, envWith } from '@gw/config';
import { GpConnectModule } from '@gw/gp-connect';
import { startNhsSandbox, type NhsSandbox, type NhsSandboxOptions } from '@gw/nhs-sandbox';

/**
 * Boots the NHS sandbox on a free loopback port and a Nest module with the real NHS clients
 * pointed at it over HTTP (cache on the test Redis). The settings are the module's own, read on top
 * of process.env (as createGatewayApp's `env`), which is never written.
 */
export const TEST_API_KEY = 'contract-test-app';
export const TEST_KID = 'test-1';

let keys: { privateKey: KeyObject; publicKey: KeyObject; pem: string } | undefined;
export function testKeys() {
  if (!keys) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = { privateKey, publicKey, pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }
  return keys;
}

export function testJwks(kid = TEST_KID) {
  return { keys: [publicJwk(testKeys().publicKey, kid) as unknown as Record<string, unknown>] };
}

export interface Harness {
  sandbox: NhsSandbox;
  module: TestingModule;
  get<T>(token: abstract new (...a: never[]) => T): T;
  close(): Promise<void>;
}

export async function startHarness(
  opts: { sandbox?: NhsSandboxOptions; env?: Record<string, string>; logger?: LoggerService } = {},
): Promise<Harness> {
  const sandbox = await startNhsSandbox({ port: 0, pdsTps: 1000, ...opts.sandbox });
  sandbox.registerApp({ apiKey: TEST_API_KEY, jwks: testJwks() });
  const env: Record<string, string> = {
    NHS_API_KEY: TEST_API_KEY,
    NHS_PRIVATE_KEY: testKeys().pem,
    NHS_KEY_ID: TEST_KID,
    NHS_TOKEN_URL: sandbox.tokenUrl,
    PDS_BASE_URL: sandbox.pdsBaseUrl,
    SDS_BASE_URL: sandbox.sdsBaseUrl,
    REDIS_URL: process.env.TEST_REDIS_URL ?? '',
    CACHE_NAMESPACE: `nhs${Math.floor(Math.random() * 1e9)}`,
    ...opts.env,
  };
  @Module({ imports: [GatewayCacheModule, GpConnectModule] })
  class NhsClientsModule {}
  const builder = Test.createTestingModule({ imports: [ConfigEnvModule.around(NhsClientsModule, envWith(env))] });
  if (opts.logger) builder.setLogger(opts.logger);
  const module = await builder.compile();
  await module.init();
  return {
    sandbox,
    module,
    get: (t) => module.get(t as never),
    close: async () => {
      await module.close();
      await sandbox.close();
    },
  };
}

/** Requests the sandbox received on a path prefix. */
export function received(sandbox: NhsSandbox, prefix: string) {
  return sandbox.requests.filter((r) => r.path.startsWith(prefix));
}
