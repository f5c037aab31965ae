import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openLoopLoad } from './open-loop-load';

/** The open-loop client the latency-at-rate figure relies on, against real node:http servers. */
describe('openLoopLoad', () => {
  let server: Server;
  const start = async (handler: RequestListener) => {
    server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  };
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  it('sends every scheduled request and reads chunked and Content-Length answers, counting non-2xx ones', async () => {
    const bodies: string[] = [];
    let n = 0;
    const url = await start((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        bodies.push(body);
        n++;
        if (n % 3 === 0) res.writeHead(500).end('no');
        else if (n % 2 === 0)
          res.writeHead(200).end('chunked answer'); // writeHead first: chunked
        else res.end('x'.repeat(70_000)); // Content-Length, larger than one socket read
      });
    });
    let i = 0;
    const r = await openLoopLoad(url, { method: 'POST', body: () => `request ${i++}` }, 200, 0.5, 4);
    expect(r.errors).toBe(0);
    expect(n).toBe(100);
    expect(r.non2xx).toBe(33);
    expect(new Set(bodies).size).toBe(100);
  });

  it('counts latency from when a request was due, so a server that falls behind shows the queue', async () => {
    // One connection, 50 ms per answer, 20 requests due within 0.2 s: the last is answered ≥ 20 × 50 ms
    // after the first was sent, so ≥ 0.8 s after it was due. A closed-loop client would report ~50 ms.
    const url = await start((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => res.end('ok'), 50));
    });
    const r = await openLoopLoad(url, { method: 'GET' }, 100, 0.2, 1);
    expect(r.errors + r.non2xx).toBe(0);
    expect(r.latency.p99).toBeGreaterThanOrEqual(800);
    expect(r.latency.p50).toBeGreaterThanOrEqual(400);
  });
});
