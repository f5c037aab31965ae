/**
 * Cluster mode: cached ITI-38 FindDocuments (XUA off) through the built gateway with
 * GATEWAY_WORKERS=1 and then one worker per core, both on one real redis-server (cluster mode
 * requires it, so both runs share the same cache path), each against the bare node:http baseline
 * measured in the same run. Bounded: 10 connections × 5 s per run, 127.0.0.1 only.
 */
import { availableParallelism } from 'node:os';
import { DisposableRedis } from '../platform/support/redis-server.util';
import { compareWithCanned, runBench, startBuiltGateway } from './support/loopback-load.util';
import { SOAP_HEADERS, warmXca } from './support/xca-workload';

runBench(async () => {
  const redis = await DisposableRedis.start();
  let ok = true;
  try {
    for (const workers of [1, Math.max(2, availableParallelism())]) {
      const gw = await startBuiltGateway({ XUA_MODE: 'off', REDIS_URL: redis.url, GATEWAY_WORKERS: String(workers) });
      try {
        const w = await warmXca(gw.url);
        ok &&= await compareWithCanned(
          `ITI-38 FindDocuments (cache hit, Redis), ${workers} worker${workers > 1 ? 's' : ''}`,
          `${gw.url}/SOAP/iti38`,
          { method: 'POST', headers: SOAP_HEADERS, body: w.iti38 },
          (b) => b.includes(w.documentUniqueId),
        );
      } finally {
        gw.stop();
        await gw.exited;
      }
    }
  } finally {
    await redis.down();
  }
  if (!ok) process.exitCode = 1;
});
