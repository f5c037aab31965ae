/**
 * XCA benchmark (pure functions, in process): the gateway's own per-request work on a cache hit,
 * each as a ratio against a floor measured in the same process on the same bytes.
 *  - ITI-38: request bytes → parse → stored-query plan → DocumentEntry (LeafClass) → AdhocQueryResponse
 *    → envelope bytes. Floor: a bare saxes pass over the request plus building a string of the
 *    response's length.
 *  - ITI-39: request → parse → RetrieveDocumentSetResponse → MTOM with one CCD-sized part (and with
 *    ten). Floor: a bare saxes pass over the request plus concatenating the same bytes (envelope +
 *    documents) into one Buffer.
 * The NHS fetch and conversion are not here: they are upstream- and converter-bound.
 */
import { randomBytes } from 'node:crypto';
import {
  buildAdhocQueryResponse,
  buildRetrieveResponse,
  DocumentEntryFactory,
  IheConfig,
  parseAdhocQueryRequest,
  parseRetrieveRequest,
  planStoredQuery,
  XdsMetadataConfig,
} from '@gw/ihe';
import { buildEnvelope, buildMtom, decodeXmlBytes, parseXml, readEnvelope } from '@gw/soap';
import { readSample, soapRequest } from '../support/soap-messages';
import { compareSync, soapFloor } from './support/timing.util';
import { type GpRecordDocument } from '@gw/gp-record';

const ihe = new IheConfig();
const entries = new DocumentEntryFactory(new XdsMetadataConfig(), ihe);
const meta: GpRecordDocument = {
  nhsNumber: '9690937286',
  entryUuid: 'urn:uuid:6a1f4c3e-8a55-4c2d-9a57-0f7f5a4c9b11',
  uniqueId: '2.25.141233562330474283711532542457812735761',
  onDemand: { entryUuid: 'urn:uuid:0b1e6d3c-1b0c-4a8b-9f5e-6c1e2d3f4a5b', uniqueId: '2.25.14715231424574935045133312234212234' },
  mimeType: 'text/xml',
  creationTime: '20261201103000',
  serviceStartTime: '19650101',
  serviceStopTime: '20261201103000',
  hash: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  size: 150_000,
  title: 'GP Connect summary — COXWOLD SURGERY (B82617)',
  practice: { odsCode: 'B82617', name: 'COXWOLD SURGERY' },
  generatedAt: '2026-12-01T10:30:00.000Z',
  expiresAt: '2026-12-01T22:30:00.000Z',
  notices: [],
  conversion: { mapped: 40, narrativeOnly: 2, issues: 0 },
};

function iti38(): void {
  const payload = readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml')
    .replace('$patient_id$', '9690937286^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO')
    .replace('returnType="ObjectRef"', 'returnType="LeafClass"');
  const request = Buffer.from(soapRequest('urn:ihe:iti:2007:CrossGatewayQuery', payload));
  let outLength = 0;
  const work = () => {
    const env = readEnvelope(parseXml(decodeXmlBytes(request, 'utf-8')));
    const plan = planStoredQuery(parseAdhocQueryRequest(env.payload, { maxSlots: 100, maxValues: 1000 }), ihe.HOME_COMMUNITY_ID);
    if (plan.kind !== 'find') throw new Error(plan.kind);
    const found = [entries.stable(meta), entries.onDemand(meta)].filter((e) => plan.predicates.every((p) => p(e)));
    const body = buildAdhocQueryResponse({ returnType: 'LeafClass', entries: found, errors: [] }, ihe.HOME_COMMUNITY_ID);
    outLength = Buffer.from(
      buildEnvelope({ action: 'urn:ihe:iti:2007:CrossGatewayQueryResponse', relatesTo: env.messageId }, body),
      'utf8',
    ).length;
  };
  work();
  const [m, f] = compareSync(
    work,
    soapFloor(request, () => outLength),
    2000,
  );
  console.log(
    `ITI-38 FindDocuments LeafClass ${request.length} B → ${outLength} B   median ${(m * 1000).toFixed(0).padStart(5)} µs  floor ${(f * 1000).toFixed(0).padStart(5)} µs  ratio ${(m / f).toFixed(2)}×  (${(1000 / m).toFixed(0)} req/s per core)`,
  );
}

function iti39(documents: number, runs: number): void {
  const doc = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><ClinicalDocument xmlns="urn:hl7-org:v3">${randomBytes(75_000).toString('hex')}</ClinicalDocument>`,
  );
  const reqs = Array.from(
    { length: documents },
    (_, i) =>
      `<DocumentRequest><HomeCommunityId>${ihe.HOME_COMMUNITY_ID}</HomeCommunityId><RepositoryUniqueId>${ihe.REPOSITORY_UNIQUE_ID}</RepositoryUniqueId><DocumentUniqueId>2.25.${i + 1}</DocumentUniqueId></DocumentRequest>`,
  ).join('');
  const request = Buffer.from(
    soapRequest(
      'urn:ihe:iti:2007:CrossGatewayRetrieve',
      `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007">${reqs}</RetrieveDocumentSetRequest>`,
    ),
  );
  let envelopeLength = 0;
  let outLength = 0;
  const work = () => {
    const env = readEnvelope(parseXml(decodeXmlBytes(request, 'utf-8')));
    const docs = parseRetrieveRequest(env.payload, 50).map((r, i) => ({
      homeCommunityId: ihe.HOME_COMMUNITY_ID,
      repositoryUniqueId: ihe.REPOSITORY_UNIQUE_ID,
      documentUniqueId: r.documentUniqueId!,
      mimeType: 'text/xml',
      contentId: `doc-${i + 1}@gw`,
    }));
    const envelope = buildEnvelope(
      { action: 'urn:ihe:iti:2007:CrossGatewayRetrieveResponse', relatesTo: env.messageId },
      buildRetrieveResponse(docs, [], ihe.HOME_COMMUNITY_ID),
    );
    envelopeLength = envelope.length;
    outLength = buildMtom(
      envelope,
      docs.map((d) => ({ contentId: d.contentId, contentType: d.mimeType, data: doc })),
      'urn:ihe:iti:2007:CrossGatewayRetrieveResponse',
    ).body.length;
  };
  work();
  // The request parse as for every SOAP exchange, plus concatenating the envelope and the documents.
  const parseRequest = soapFloor(request, () => 0);
  const floor = () =>
    parseRequest() + Buffer.concat([Buffer.from('x'.repeat(envelopeLength)), ...Array.from({ length: documents }, () => doc)]).length;
  const [m, f] = compareSync(work, floor, runs);
  console.log(
    `ITI-39 ${String(documents).padStart(2)} × ${doc.length} B document → ${outLength} B MTOM   median ${(m * 1000).toFixed(0).padStart(5)} µs  floor ${(f * 1000).toFixed(0).padStart(5)} µs  ratio ${(m / f).toFixed(2)}×`,
  );
}

iti38();
iti39(1, 1000);
iti39(10, 300);
