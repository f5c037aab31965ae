/**
 * Platform overhead: /health/live and /metrics of the built gateway (Express, helmet, pino, metrics,
 * throttler, exception filter) against a bare node:http server in this process answering with the
 * gateway's own response bytes. Bounded (10 connections × 5 s per run, 127.0.0.1 only).
 */
import { compareWithCanned, runBench, startBuiltGateway } from './support/loopback-load.util';

runBench(async () => {
  const gw = await startBuiltGateway();
  try {
    let ok = true;
    for (const route of ['/health/live', '/metrics']) {
      ok = (await compareWithCanned(`GET ${route}`, `${gw.url}${route}`, {}, (b) => b.length > 0)) && ok;
    }
    if (!ok) process.exitCode = 1;
  } finally {
    gw.stop();
  }
});
