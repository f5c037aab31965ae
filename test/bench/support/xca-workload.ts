/**
 * The cached XCA workload shared by the HTTP benchmarks and the profiler: the demographic match XCA
 * requires, then the one upstream fetch and conversion (warm-up, not measured), then request bodies
 * for ITI-38 FindDocuments (LeafClass) and ITI-39 retrieve of that document (~150 KB CCD, MTOM) that
 * hit the document cache. With `xua`, every request carries the same signed assertion (an initiating
 * gateway reuses one for its session) and a fresh wsa:MessageID (a signed MessageID is one-shot).
 */
import { randomUUID } from 'node:crypto';
import { matchPatient } from '../../support/patient-match';
import { readSample, soapRequest } from '../../support/soap-messages';
import { assertionXml, makeTestPki, securityHeader, signAssertion, type TestPki } from '../../soap/saml-fixtures';

const HOME = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';
const REPO = '1.3.6.1.4.1.21367.13.20.4000.1';
const NHS_NUMBER = '9690937286';
export const SOAP_HEADERS = { 'content-type': 'application/soap+xml; charset=utf-8' };

const findDocuments = readSample('iti-38/request/nist-testkit-12306-finddocs-objectref.TEMPLATE.xml')
  .replace('$patient_id$', `${NHS_NUMBER}^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO`)
  .replace('returnType="ObjectRef"', 'returnType="LeafClass"');

const retrieveOne = (uid: string) =>
  `<RetrieveDocumentSetRequest xmlns="urn:ihe:iti:xds-b:2007"><DocumentRequest><HomeCommunityId>${HOME}</HomeCommunityId><RepositoryUniqueId>${REPO}</RepositoryUniqueId><DocumentUniqueId>${uid}</DocumentUniqueId></DocumentRequest></RetrieveDocumentSetRequest>`;

/** A body factory: the same bytes every time, or with a fresh MessageID each call when signed. */
export type BodySource = () => string;

/** Splits the envelope around its MessageID once, so each call costs one concatenation. */
function withFreshMessageIds(body: string): BodySource {
  const id = /<a:MessageID>([^<]+)<\/a:MessageID>/.exec(body)![1];
  const at = body.indexOf(id);
  const head = body.slice(0, at);
  const tail = body.slice(at + id.length);
  return () => `${head}urn:uuid:${randomUUID()}${tail}`;
}

export interface XuaPki {
  pki: TestPki;
  /** One signed assertion (30 min), inside a wsse:Security with a fresh Timestamp. */
  header: string;
  /** The gateway settings that trust it. */
  env: Record<string, string>;
}

export function xuaPki(): XuaPki {
  const pki = makeTestPki();
  const header = securityHeader(
    signAssertion(assertionXml({ notOnOrAfter: new Date(Date.now() + 1_800_000) }), pki.leafKeyPem, pki.leafCertPem),
  );
  return { pki, header, env: { XUA_MODE: 'required', XUA_TRUSTED_CERTS: pki.caCertFile, XUA_AUDIENCE: '' } };
}

export interface XcaWorkload {
  iti38: BodySource;
  iti39: BodySource;
  documentUniqueId: string;
}

/** Matches the patient, runs the first (uncached) query, and returns the cached-hit request bodies. */
export async function warmXca(gatewayUrl: string, securityHeaderXml = ''): Promise<XcaWorkload> {
  const signed = securityHeaderXml !== '';
  const source = (action: string, payload: string): BodySource => {
    const body = soapRequest(action, payload, { headers: securityHeaderXml });
    return signed ? withFreshMessageIds(body) : () => body;
  };
  const match = await matchPatient(gatewayUrl, NHS_NUMBER, securityHeaderXml);
  if (!match.includes('<queryResponseCode code="OK"/>')) throw new Error('warm-up match failed');
  const iti38 = source('urn:ihe:iti:2007:CrossGatewayQuery', findDocuments);
  const first = await (await fetch(`${gatewayUrl}/SOAP/iti38`, { method: 'POST', headers: SOAP_HEADERS, body: iti38() })).text();
  const uid = /identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="([^"]+)"/.exec(first)?.[1];
  if (!uid) throw new Error('warm-up query returned no document');
  return { iti38, iti39: source('urn:ihe:iti:2007:CrossGatewayRetrieve', retrieveOne(uid)), documentUniqueId: uid };
}
