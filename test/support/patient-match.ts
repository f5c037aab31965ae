import { DEMONSTRATOR_PATIENTS, SANDBOX_PATIENTS, type SandboxPatientFixture } from '@gw/nhs-sandbox';
import { readSample, soapRequest, withPdqParameters, type PdqParams } from './soap-messages';

export const ITI55_ACTION = 'urn:hl7-org:v3:PRPA_IN201305UV02:CrossGatewayPatientDiscovery';
export const ITI47_ACTION = 'urn:hl7-org:v3:PRPA_IN201305UV02';
export const NHS_NUMBER_OID = '2.16.840.1.113883.2.1.4.1';

/** Every sandbox patient with demographics to match on, by NHS number. */
const FIXTURES = new Map<string, SandboxPatientFixture>(
  [...DEMONSTRATOR_PATIENTS, ...SANDBOX_PATIENTS.found, ...SANDBOX_PATIENTS.deceased].map((p) => [p.nhsNumber, p]),
);

export function sandboxPatient(nhsNumber: string): SandboxPatientFixture | undefined {
  return FIXTURES.get(nhsNumber);
}

/** ITI-55 parameters that PDS confirms for a fixture: its NHS number (plus `ids`) and its demographics. */
export function matchParams(p: SandboxPatientFixture, ids: PdqParams['ids'] = []): PdqParams {
  return {
    ids: [{ root: NHS_NUMBER_OID, extension: p.nhsNumber }, ...(ids ?? [])],
    family: p.family,
    given: p.given?.slice(0, 1),
    birthTime: p.birthDate?.replace(/-/g, ''),
    gender: p.gender === 'male' ? 'M' : p.gender === 'female' ? 'F' : undefined,
  };
}

/** The SOAP envelope of an ITI-55 (XCPD) request, with optional extra headers (a wsse:Security). */
export function iti55Envelope(params: PdqParams, headers = ''): string {
  return soapRequest(ITI55_ACTION, withPdqParameters(readSample('iti-55/request/ipf-iti55-sample-request.xml'), params), { headers });
}

/** The SOAP envelope of an ITI-47 (PDQv3) request. */
export function iti47Envelope(params: PdqParams, headers = ''): string {
  return soapRequest(ITI47_ACTION, withPdqParameters(readSample('iti-47/request/ipf-PDQ_ID_Query.xml'), params), { headers });
}

/**
 * The demographic match XCA needs before it answers by NHS number: an ITI-55 with the patient's
 * demographics, as an initiating gateway sends it. Returns the response body.
 */
export async function matchPatient(gatewayUrl: string, nhsNumber: string, headers = '', ids: PdqParams['ids'] = []): Promise<string> {
  const p = sandboxPatient(nhsNumber);
  if (!p) throw new Error(`no sandbox demographics for ${nhsNumber}`);
  const res = await fetch(`${gatewayUrl}/SOAP/iti55`, {
    method: 'POST',
    headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
    body: iti55Envelope(matchParams(p, ids), headers),
  });
  return res.text();
}
