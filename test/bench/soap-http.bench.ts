/**
 * End-to-end SOAP benchmark over loopback HTTP: ITI-55 patient discovery through the built gateway
 * (SOAP edge → PDS adapter with OAuth → embedded NHS sandbox PDS → PRPA_IN201306UV02), against a
 * bare node:http server in this process answering every POST with the same response bytes.
 * Bounded: 10 connections × 5 s per run, 127.0.0.1 only.
 */
import { readSample, soapRequest, withPdqParameters } from '../support/soap-messages';
import { compareWithCanned, runBench, startBuiltGateway } from './support/loopback-load.util';

const body = soapRequest(
  'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery',
  withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), {
    ids: [{ root: '2.16.840.1.113883.2.1.4.1', extension: '9690937278' }],
    family: 'SAMUAL',
    given: ['Lucien'],
    birthTime: '19381211',
    gender: 'M',
  }),
);
const headers = { 'content-type': 'application/soap+xml; charset=utf-8' };

runBench(async () => {
  // The sandbox's PDS keeps NHS's 5 requests/s limit by default; raised so the gateway is measured, not the 429s.
  const gw = await startBuiltGateway({ XUA_MODE: 'off', NHS_SANDBOX_PDS_TPS: '100000' });
  try {
    const ok = await compareWithCanned('ITI-55 (edge + PDS over HTTP)', `${gw.url}/SOAP/iti55`, { method: 'POST', headers, body }, (b) =>
      b.toString('utf8').includes('<queryResponseCode code="OK"/>'),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    gw.stop();
  }
});
