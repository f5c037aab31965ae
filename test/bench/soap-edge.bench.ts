/**
 * SOAP edge benchmark (pure functions, in process): the per-request work of an ITI-55 exchange and of
 * MTOM parsing, each as a ratio against a floor measured in the same process on the same bytes.
 *  - ITI-55: bytes → decode → parse (namespace tree) → envelope/WS-A → HL7 query → PRPA_IN201306UV02
 *    with one patient → response envelope. Floor: a bare saxes pass over the request (events only) plus
 *    building a string of the response's length. Target ≤ 4× the floor.
 *  - MTOM: parse a multipart/related request with a 5 MB and a 50 MB binary part (parts are views
 *    of the body, not copies). Floor: the two Buffer.indexOf scans that find the part's delimiters.
 *    Target ≤ 3× the floor.
 */
import { randomBytes } from 'node:crypto';
import { buildEnvelope, buildMtom, decodeXmlBytes, parseMtom, parseXml, readEnvelope } from '@gw/soap';
import { buildPrpaIn201306, type DiscoveredPatient } from '@gw/ihe/hl7v3/prpa-in201306.builder';
import { parsePatientDiscoveryQuery } from '@gw/ihe/hl7v3/pdq-query.parser';
import { readSample, soapRequest, withPdqParameters } from '../support/soap-messages';
import { compareSync, soapFloor } from './support/timing.util';

const patient: DiscoveredPatient = {
  id: { root: '2.16.840.1.113883.2.1.4.1', extension: '9690937278' },
  family: 'SAMUAL',
  given: ['Lucien', 'Keith'],
  prefix: ['Mr'],
  gender: 'M',
  birthTime: '19381211',
  addresses: [{ use: 'H', lines: ['1 Trevelyan Square', 'Boar Lane'], city: 'Leeds', postalCode: 'LS1 6AE' }],
  telecom: [{ value: 'tel:01632960587', use: 'HP' }],
  gp: { root: '2.16.840.1.113883.2.1.4.3', extension: 'B82617' },
  otherIds: [],
};

function iti55(): void {
  const request = Buffer.from(
    soapRequest(
      'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery',
      withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), {
        ids: [{ root: '2.16.840.1.113883.2.1.4.1', extension: '9690937278' }],
        family: 'SAMUAL',
        given: ['Lucien'],
        birthTime: '19381211',
        gender: 'M',
      }),
    ),
  );
  let outLength = 0;
  const edge = () => {
    const env = readEnvelope(parseXml(decodeXmlBytes(request, 'utf-8')));
    const q = parsePatientDiscoveryQuery(env.payload);
    const body = buildPrpaIn201306(
      q,
      { ack: 'AA', queryResponseCode: 'OK', details: [], patients: [patient], detectedIssues: [] },
      { deviceOid: '1.2.3', homeCommunityOid: '1.2.3.4', custodian: true },
    );
    const out = Buffer.from(
      buildEnvelope({ action: 'urn:hl7-org:v3:PRPA_IN201306UV02:CrossGatewayPatientDiscovery', relatesTo: env.messageId }, body),
      'utf8',
    );
    outLength = out.length;
  };
  edge();
  const [m, f] = compareSync(
    edge,
    soapFloor(request, () => outLength),
    2000,
  );
  console.log(
    `ITI-55 request ${request.length} B → response ${outLength} B   median ${(m * 1000).toFixed(0).padStart(5)} µs  floor ${(f * 1000).toFixed(0).padStart(5)} µs  ratio ${(m / f).toFixed(2)}×  (${(1000 / m).toFixed(0)} req/s per core)`,
  );
}

function mtom(sizeMb: number, runs: number): void {
  const data = randomBytes(sizeMb * 1024 * 1024); // binary content: '-' and CR LF occur throughout
  const envelope = soapRequest('urn:ihe:iti:2007:CrossGatewayRetrieve', '<x:R xmlns:x="urn:x"/>');
  const built = buildMtom(envelope, [{ contentId: 'doc-1@gw', contentType: 'application/octet-stream', data }]);
  const boundary = /boundary="([^"]+)"/.exec(built.contentType)![1];
  const parse = () => parseMtom(built.body, built.contentType)!.attachments.get('doc-1@gw')!.length;
  const floor = () => {
    const d = Buffer.from('--' + boundary);
    const a = built.body.indexOf(d, 1);
    const b = built.body.indexOf(d, a + 1);
    return built.body.subarray(a, b).length;
  };
  const [m, f] = compareSync(parse, floor, runs);
  console.log(
    `MTOM ${String(sizeMb).padStart(2)} MB part                      median ${m.toFixed(2).padStart(7)} ms  floor ${f.toFixed(2).padStart(6)} ms  ratio ${(m / f).toFixed(2)}×  (${((sizeMb / m) * 1000).toFixed(0)} MB/s)`,
  );
}

iti55();
mtom(5, 40);
mtom(50, 8);
