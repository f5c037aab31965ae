import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { startEmbeddedNhs, type EmbeddedNhs } from '../../apps/gateway/src/dev/start-embedded-nhs';
import { createGatewayApp } from '../../apps/gateway/src/platform/create-gateway-app';

export interface StartedGateway {
  /** Base URL of the gateway, e.g. http://127.0.0.1:41234 (SOAP under /SOAP/...). */
  url: string;
  /** Base URL of the embedded NHS sandbox (PDS, SDS, GP Connect, OAuth). */
  sandboxUrl: string;
  /** The sandbox handle (fault table, registered apps), for tests that inject failures. */
  sandbox: EmbeddedNhs['sandbox'];
  app: INestApplication;
  /** The settings this gateway reads on top of process.env: the test's, then the sandbox's endpoints and key. */
  env: Record<string, string | undefined>;
  close(): Promise<void>;
}

/** Defaults for tests: Redis from Jest's globalSetup, XUA off unless a test turns it on, quiet logs. */
const TEST_DEFAULTS: Record<string, string> = {
  XUA_MODE: 'off',
  LOG_LEVEL: 'warn',
  AUDIT_PSEUDONYM_KEY: 'gateway-harness-pseudonym-key',
  // The demo XUA signer stays in this process's memory (trusted on the embedded sandbox), never in the repository.
  XUA_DEMO_SIGNER_DIR: ':memory:',
};

/**
 * Starts the NHS sandbox and the full gateway app (the same factory and the same path as the
 * development entry, main.dev.ts) on free loopback ports, over real HTTP. `env` holds settings for
 * this gateway (undefined = unset), read on top of process.env, which is never written. Redis is the
 * real redis-server from Jest's globalSetup (TEST_REDIS_URL) unless `env` sets REDIS_URL (use '' for
 * the in-memory store).
 */
export async function startGateway(env: Record<string, string | undefined> = {}): Promise<StartedGateway> {
  const wanted: Record<string, string | undefined> = {
    ...TEST_DEFAULTS,
    REDIS_URL: process.env.TEST_REDIS_URL,
    // Suites run in parallel against one redis-server: a namespace per gateway keeps one suite's cached SDS
    // endpoints (pointing at its own sandbox port), documents, mappings and authority owners from another's.
    // Random, not by pid and count: a Jest worker runs many files in one process, each with a fresh module state.
    CACHE_NAMESPACE: `gwt-${randomBytes(8).toString('hex')}`,
    // Each gateway's own audit journal (the outbox without Redis, and its fallback with it), removed at close.
    AUDIT_JOURNAL_DIR: join(tmpdir(), `gwt-audit-${randomBytes(8).toString('hex')}`),
    ...env,
  };
  let nhs: EmbeddedNhs | undefined;
  try {
    nhs = await startEmbeddedNhs({ port: 0, env: { ...process.env, ...wanted } });
    if (!nhs) throw new Error('startGateway needs the embedded sandbox: unset PDS_BASE_URL, SDS_BASE_URL and NHS_TOKEN_URL');
    const overlay = { ...wanted, ...nhs.overrides };
    const app = await createGatewayApp({ env: overlay });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const started = nhs;
    return {
      url: `http://127.0.0.1:${port}`,
      sandboxUrl: started.url,
      sandbox: started.sandbox,
      app,
      env: overlay,
      close: async () => {
        await app.close();
        await started.close();
        if (!env.AUDIT_JOURNAL_DIR && wanted.AUDIT_JOURNAL_DIR) rmSync(wanted.AUDIT_JOURNAL_DIR, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await nhs?.close();
    throw e;
  }
}
