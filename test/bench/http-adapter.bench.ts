/**
 * What the HTTP framework alone costs: Nest on Express (the gateway's adapter) against Nest on
 * Fastify (@nestjs/platform-fastify), and each framework without Nest, on the two request shapes of
 * the gateway's traffic (support/adapter-server.ts: a small JSON GET, and a 1.4 KB raw SOAP POST with
 * a 2 KB answer). Each variant is its own process, compared with the bare node:http server answering
 * its identical bytes in the same run, with its CPU per request from /proc. These rows are printed,
 * not written to the README table: they measure parts, not the gateway (docs/performance.md reads them).
 * Bounded: 10 connections × 5 s per run, 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { compareWithCanned, runBench } from './support/loopback-load.util';

const VARIANTS = process.env.BENCH_ADAPTER_VARIANTS?.split(',') ?? [
  'nest-express',
  'nest-fastify',
  'nest-express+mw',
  'nest-fastify+mw',
  'express',
  'fastify',
];
const SERVER = path.join(__dirname, 'support/adapter-server.ts');
/** The size of a cached ITI-38 FindDocuments request; its content does not matter to the framework. */
const SOAP_BODY = `<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">${'<y/>'.repeat(330)}</env:Envelope>`;

async function startVariant(variant: string, port: number): Promise<{ pid: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, variant, String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/live`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until || child.exitCode !== null) {
      child.kill('SIGTERM');
      throw new Error(`${variant} did not come up`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

runBench(async () => {
  let ok = true;
  let port = 39_400 + Math.floor(Math.random() * 500);
  for (const variant of VARIANTS) {
    const server = await startVariant(variant, ++port);
    const url = `http://127.0.0.1:${port}`;
    try {
      ok = (await compareWithCanned(`${variant}: GET /live`, `${url}/live`, {}, (b) => b.includes('ok'), server.pid, false)) && ok;
      ok =
        (await compareWithCanned(
          `${variant}: POST /soap (1.4 KB raw body)`,
          `${url}/soap`,
          { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: SOAP_BODY },
          (b) => b.includes('Envelope'),
          server.pid,
          false,
        )) && ok;
    } finally {
      server.stop();
    }
  }
  if (!ok) process.exitCode = 1;
});
