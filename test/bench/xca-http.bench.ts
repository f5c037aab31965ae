/**
 * End-to-end XCA benchmark over loopback HTTP through the built gateway, on a document cache hit:
 *  - ITI-38 FindDocuments (LeafClass) for the main demonstrator patient;
 *  - ITI-39 retrieve of that document (MTOM response, ~150 KB CCD).
 * Each against a baseline: a bare node:http server in this process answering every POST with the
 * same response bytes. Same connections, duration and cores, so only the ratios mean anything.
 * The demographic match (ITI-55) and the first query (PDS → SDS → GP Connect → conversion) are the
 * warm-up and are not measured; each measured request still passes the match and PDS-status checks.
 * Bounded: 10 connections × 5 s each, 127.0.0.1 only. Needs `nest build gateway` (run here first).
 */
import { matchPatient } from '../support/patient-match';
import { readSample, soapRequest } from '../support/soap-messages';
import { compareWithCanned, runBench, startBuiltGateway } from './support/loopback-load.util';

const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';

const queryBody = soapRequest(
  'urn:ihe:iti:2007:CrossGatewayQuery',
  readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml')
    .replace('$patient_id$', '9690937286^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO')
    .replace('returnType="ObjectRef"', 'returnType="LeafClass"'),
);
const headers = { 'content-type': 'application/soap+xml; charset=utf-8' };

runBench(async () => {
  const gw = await startBuiltGateway({ XUA_MODE: 'off' });
  try {
    const iti38 = `${gw.url}/SOAP/iti38`;
    // Warm-up: the match XCA requires, then the one upstream fetch and conversion; everything measured after it is a cache hit.
    if (!(await matchPatient(gw.url, '9690937286')).includes('<queryResponseCode code="OK"/>')) throw new Error('warm-up match failed');
    const first = await (await fetch(iti38, { method: 'POST', headers, body: queryBody })).text();
    const uid = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/.exec(first)?.[1];
    if (!uid) throw new Error('warm-up query returned no document');
    const retrieveBody = soapRequest(
      'urn:ihe:iti:2007:CrossGatewayRetrieve',
      `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"><DocumentRequest><HomeCommunityId>${HOME}</HomeCommunityId><RepositoryUniqueId>${REPO}</RepositoryUniqueId><DocumentUniqueId>${uid}</DocumentUniqueId></DocumentRequest></RetrieveDocumentSetRequest>`,
    );
    const ok38 = await compareWithCanned(
      'ITI-38 FindDocuments LeafClass (cache hit)',
      iti38,
      { method: 'POST', headers, body: queryBody },
      (b) => b.includes(uid),
    );
    const ok39 = await compareWithCanned(
      'ITI-39 retrieve, one document (MTOM)',
      `${gw.url}/SOAP/iti39`,
      { method: 'POST', headers, body: retrieveBody },
      (b) => b.includes('ResponseStatusType:Success'),
    );
    if (!ok38 || !ok39) process.exitCode = 1;
  } finally {
    gw.stop();
  }
});
