import { Client } from 'undici';
import { HttpDrain } from '../../apps/gateway/src/platform/shutdown/http-drain.service';
import { startFakeUpstream, startPlatformApp } from './support/platform-app.util';

/**
 * The HTTP drain in process, over real HTTP (the whole-process SIGTERM case is
 * graceful-shutdown.e2e-spec.ts): once draining, readiness is 503 and every answer, on connections
 * opened before, carries Connection: close; app.close() lets a request already running finish.
 */
describe('HTTP drain of the platform app', () => {
  it('turns readiness 503, closes keep-alive connections and lets an in-flight request finish', async () => {
    const upstream = await startFakeUpstream();
    const gw = await startPlatformApp({
      REDIS_URL: '',
      PDS_BASE_URL: upstream.url,
      SDS_BASE_URL: upstream.url,
      NHS_TOKEN_URL: upstream.url,
      THROTTLE_LIMIT: '1000',
    });
    const slowConn = new Client(gw.url);
    const pingConn = new Client(gw.url);
    try {
      expect((await (await pingConn.request({ path: '/test/ping', method: 'GET' })).body.json()) as unknown).toEqual({ pong: true });
      const ready = await pingConn.request({ path: '/health/ready', method: 'GET' });
      await ready.body.dump();
      expect(ready.statusCode).toBe(200);

      const slow = slowConn.request({ path: '/test/slow', method: 'GET' }).then(async (r) => {
        return { status: r.statusCode, connection: r.headers.connection, body: await r.body.json() };
      });
      // The slow request is in the gateway before the drain begins (its route waits 400 ms).
      await new Promise((r) => setTimeout(r, 100));
      gw.app.get(HttpDrain).begin();

      const draining = await pingConn.request({ path: '/health/ready', method: 'GET' });
      expect(draining.statusCode).toBe(503);
      expect(draining.headers.connection).toBe('close');
      expect(await draining.body.json()).toMatchObject({
        status: 'error',
        error: { shutdown: { status: 'down', message: 'shutting down' } },
      });

      // close() while the slow request runs: it is answered in full (and asked to close), not cut.
      const closing = gw.close();
      expect(await slow).toEqual({ status: 200, connection: 'close', body: { done: true } });
      await closing;
    } finally {
      await Promise.allSettled([slowConn.destroy(), pingConn.destroy(), upstream.close()]);
    }
  });
});
