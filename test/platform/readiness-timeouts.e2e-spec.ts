import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startPlatformApp } from './support/platform-app.util';

/** A TCP server that accepts connections and never answers: the hung dependency a deadline is for. */
async function blackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('readiness with hung dependencies', () => {
  let hole: Awaited<ReturnType<typeof blackHole>>;
  let gw: Awaited<ReturnType<typeof startPlatformApp>>;

  beforeAll(async () => {
    hole = await blackHole();
    const url = `http://127.0.0.1:${hole.port}`;
    gw = await startPlatformApp({
      // Redis and every NHS endpoint accept the connection and then say nothing.
      REDIS_URL: `redis://127.0.0.1:${hole.port}`,
      CACHE_OP_TIMEOUT_MS: '200',
      HEALTH_CHECK_TIMEOUT_MS: '300',
      HEALTH_UPSTREAM_CACHE_MS: '0',
      PDS_BASE_URL: `${url}/pds`,
      SDS_BASE_URL: `${url}/sds`,
      NHS_TOKEN_URL: `${url}/token`,
    });
  });
  afterAll(async () => {
    await gw.close();
    await hole.close();
  });

  it('answers 503 with every hung check marked down instead of hanging, while liveness stays 200', async () => {
    const res = await fetch(`${gw.url}/health/ready`);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.details.cache).toMatchObject({ status: 'down', store: 'redis' });
    for (const name of ['pds', 'sds', 'nhs-oauth']) expect(body.details[name].status).toBe('down');
    expect((await fetch(`${gw.url}/health/live`)).status).toBe(200);
    // Rate limiting against the hung Redis times out and falls back to per-process counting.
    expect((await fetch(`${gw.url}/test/ping`)).status).toBe(200);
  });
});
