import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { IHE_MESSAGES_DIR } from './reference-paths';

/** Third-party IHE sample messages (test/conformance/ihe/messages). */
export const IHE_MESSAGES = IHE_MESSAGES_DIR;

export function readSample(relative: string): string {
  return readFileSync(path.join(IHE_MESSAGES, relative), 'utf8');
}

/** Drops an XML declaration (and a BOM) so a bare payload can go inside soap:Body. */
export function stripXmlDeclaration(xml: string): string {
  return xml.replace(/^\uFEFF/, '').replace(/^\s*<\?xml[^>]*\?>\s*/, '');
}

export interface EnvelopeOptions {
  messageId?: string;
  /** Extra header elements (SOAP prefix `s`, WS-A prefix `a`). */
  headers?: string;
  to?: string;
}

/** A WCF-style SOAP 1.2 request envelope around a payload, as Epic sends it. */
export function soapRequest(action: string, payload: string, opts: EnvelopeOptions = {}): string {
  const messageId = opts.messageId ?? `urn:uuid:${randomUUID()}`;
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing">` +
    `<s:Header><a:Action s:mustUnderstand="1">${action}</a:Action><a:MessageID>${messageId}</a:MessageID>` +
    `<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>` +
    `<a:To s:mustUnderstand="1">${opts.to ?? 'http://localhost/SOAP'}</a:To>${opts.headers ?? ''}</s:Header>` +
    `<s:Body>${stripXmlDeclaration(payload)}</s:Body></s:Envelope>`
  );
}

/** HL7 v3 patient-discovery parameters for substitution into sample requests. */
export interface PdqParams {
  ids?: Array<{ root: string; extension: string }>;
  family?: string;
  given?: string[];
  /** HL7 TS, e.g. 19381211 */
  birthTime?: string;
  gender?: string;
  postcode?: string;
  otherIdsScopingOrganizations?: string[];
}

/** The parameterList children for PdqParams, written with the given element prefix ('' = default namespace). */
export function pdqParameterXml(p: PdqParams, prefix = ''): string {
  const e = (name: string) => (prefix ? `${prefix}:${name}` : name);
  const el = (name: string, inner: string, attrs = '') => `<${e(name)}${attrs}>${inner}</${e(name)}>`;
  const parts: string[] = [];
  if (p.gender)
    parts.push(
      el(
        'livingSubjectAdministrativeGender',
        `<${e('value')} code="${p.gender}"/>` + el('semanticsText', 'LivingSubject.administrativeGender'),
      ),
    );
  if (p.birthTime)
    parts.push(el('livingSubjectBirthTime', `<${e('value')} value="${p.birthTime}"/>` + el('semanticsText', 'LivingSubject.birthTime')));
  for (const id of p.ids ?? [])
    parts.push(
      el('livingSubjectId', `<${e('value')} root="${id.root}" extension="${id.extension}"/>` + el('semanticsText', 'LivingSubject.id')),
    );
  if (p.family || p.given?.length) {
    const name = [...(p.given ?? []).map((g) => el('given', g)), p.family ? el('family', p.family) : ''].join('');
    parts.push(el('livingSubjectName', el('value', name) + el('semanticsText', 'LivingSubject.name')));
  }
  for (const root of p.otherIdsScopingOrganizations ?? [])
    parts.push(
      el('otherIDsScopingOrganization', `<${e('value')} root="${root}"/>` + el('semanticsText', 'OtherIDs.scopingOrganization.id')),
    );
  if (p.postcode) parts.push(el('patientAddress', el('value', el('postalCode', p.postcode)) + el('semanticsText', 'Patient.addr')));
  return parts.join('');
}

/**
 * Replaces the parameterList of a sample PRPA_IN201305UV02 (any prefix) with `params`, keeping the
 * sample's transmission wrapper, devices and query attributes: the sample with sandbox patients in.
 */
export function withPdqParameters(sample: string, params: PdqParams): string {
  const m = /<((?:[\w.-]+:)?)parameterList>[\s\S]*<\/\1parameterList>/.exec(sample);
  if (!m) throw new Error('sample has no parameterList');
  const prefix = m[1].replace(/:$/, '');
  return sample.replace(m[0], `<${m[1]}parameterList>${pdqParameterXml(params, prefix)}</${m[1]}parameterList>`);
}
