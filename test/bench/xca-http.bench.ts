/**
 * End-to-end XCA benchmark over loopback HTTP through the built gateway, on a document cache hit:
 *  - ITI-38 FindDocuments (LeafClass) for the main demonstrator patient, XUA off; and its latency
 *    at 1,000 req/s offered over 32 connections (p99 against the baseline's at the same rate);
 *  - the same with XUA required and one valid signed assertion reused (fresh MessageID each time);
 *  - ITI-39 retrieve of that document (MTOM response, ~150 KB CCD), XUA off.
 * Each against a baseline: a bare node:http server in this process answering every POST with the
 * same response bytes. Same connections, duration and cores, so only the ratios mean anything.
 * The demographic match (ITI-55) and the first query (PDS → SDS → GP Connect → conversion) are the
 * warm-up and are not measured; each measured request still passes the match and PDS-status checks.
 * Bounded: 10 connections × 5 s each, 127.0.0.1 only. Needs `nest build gateway` (run here first).
 */
import { rmSync } from 'node:fs';
import { compareWithCanned, latencyAtRate, runBench, startBuiltGateway } from './support/loopback-load.util';
import { SOAP_HEADERS, warmXca, xuaPki } from './support/xca-workload';

runBench(async () => {
  let ok = true;
  const gw = await startBuiltGateway({ XUA_MODE: 'off' });
  try {
    const w = await warmXca(gw.url);
    ok &&= await compareWithCanned(
      'ITI-38 FindDocuments LeafClass (cache hit)',
      `${gw.url}/SOAP/iti38`,
      { method: 'POST', headers: SOAP_HEADERS, body: w.iti38 },
      (b) => b.includes(w.documentUniqueId),
      gw.pid,
    );
    ok &&= await compareWithCanned(
      'ITI-39 retrieve, one document (MTOM)',
      `${gw.url}/SOAP/iti39`,
      { method: 'POST', headers: SOAP_HEADERS, body: w.iti39 },
      (b) => b.includes('ResponseStatusType:Success'),
      gw.pid,
    );
    // Last in this gateway's session: a saturated run leaves a backlog that would be charged to the next figure.
    ok &&= await latencyAtRate(
      'ITI-38 FindDocuments (cache hit) at 1,000 req/s offered',
      `${gw.url}/SOAP/iti38`,
      { method: 'POST', headers: SOAP_HEADERS, body: w.iti38 },
      (b) => b.includes(w.documentUniqueId),
      1_000,
    );
  } finally {
    gw.stop();
  }
  const xua = xuaPki();
  const signed = await startBuiltGateway(xua.env);
  try {
    const w = await warmXca(signed.url, xua.header);
    ok &&= await compareWithCanned(
      'ITI-38 FindDocuments, XUA required (signed)',
      `${signed.url}/SOAP/iti38`,
      { method: 'POST', headers: SOAP_HEADERS, body: w.iti38 },
      (b) => b.includes(w.documentUniqueId),
      signed.pid,
    );
  } finally {
    signed.stop();
    rmSync(xua.pki.dir, { recursive: true, force: true });
  }
  if (!ok) process.exitCode = 1;
});
