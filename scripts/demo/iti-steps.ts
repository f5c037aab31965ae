import { createHash } from 'node:crypto';
import { attr, child, cidFromHref, descendants, NS, text, type XmlElement } from '@gw/soap';
import { DemoError, payload, postSoap, registryErrors, RIM, RS } from './soap-call';
import { EXAMPLES, readExample, signEnvelope, withDocumentUniqueId } from './signed-examples';

/** ITI-55 → ITI-38 → ITI-39 as an initiating gateway plays them, each answer read into plain facts. */
const HL7 = NS.hl7;
const XDSB = 'urn:ihe:iti:xds-b:2007';
const UNIQUE_ID_SCHEME = 'urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab';
const SUCCESS = 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success';

export interface FoundPatient {
  nhsNumber: string;
  root: string;
  name: string;
  birthDate?: string;
  gender?: string;
  practice?: string;
}

export interface DocumentEntry {
  uniqueId: string;
  title: string;
  size: number;
  hash: string;
  mimeType: string;
  creationTime?: string;
  repositoryUniqueId: string;
  home: string;
}

export interface RetrievedDocument {
  bytes: Buffer;
  sha1: string;
  mimeType: string;
}

const GENDER: Record<string, string> = { M: 'male', F: 'female', UN: 'undifferentiated' };

/** PDS names the practice by ODS code only; the name is shown when the answer carries one. */
function practiceLabel(name: string | undefined, ods: string | undefined): string | undefined {
  if (name) return ods ? `${name} (${ods})` : name;
  return ods ? `ODS ${ods}` : undefined;
}

function hl7Date(ts: string | undefined): string | undefined {
  const m = ts && /^(\d{4})(\d{2})(\d{2})/.exec(ts);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : ts;
}

export async function discoverPatient(url: string, assertion: string): Promise<FoundPatient> {
  const answer = await postSoap(url, 'iti55', signEnvelope(readExample('iti55'), assertion, `${url}/SOAP/iti55`));
  const msg = payload(answer);
  const code = attr(descendants(msg, HL7, 'queryResponseCode')[0], 'code');
  if (code !== 'OK') throw new DemoError(`ITI-55 found no patient (queryResponseCode ${code ?? 'missing'})`);
  const patient = descendants(msg, HL7, 'patient')[0];
  const id = child(patient, HL7, 'id');
  const person = child(patient, HL7, 'patientPerson');
  const name = child(person, HL7, 'name');
  const given = descendants(name, HL7, 'given').map((g) => text(g));
  const org = child(patient, HL7, 'providerOrganization');
  const ods = attr(child(org, HL7, 'id'), 'extension');
  return {
    nhsNumber: attr(id, 'extension') ?? '',
    root: attr(id, 'root') ?? '',
    name: [...given, text(child(name, HL7, 'family'))].filter(Boolean).join(' '),
    birthDate: hl7Date(attr(child(person, HL7, 'birthTime'), 'value')),
    gender: GENDER[attr(child(person, HL7, 'administrativeGenderCode'), 'code') ?? ''] ?? 'not stated',
    practice: org ? practiceLabel(text(child(org, HL7, 'name')), ods) : undefined,
  };
}

function slot(eo: XmlElement, name: string): string | undefined {
  const s = descendants(eo, RIM, 'Slot').find((x) => attr(x, 'name') === name);
  return text(descendants(s, RIM, 'Value')[0]);
}

/** How a request is made ready to send: by default signed with the assertion (fresh MessageID, wsa:To, wsse:Security). */
export type PrepareEnvelope = (envelope: string, to: string) => string;

/** FindDocuments for the patient id exactly as ITI-55 returned it. */
export async function findDocuments(
  url: string,
  assertion: string,
  patient: FoundPatient,
  prepare: PrepareEnvelope = (envelope, to) => signEnvelope(envelope, assertion, to),
): Promise<DocumentEntry[]> {
  const envelope = readExample('iti38Find').replace(
    /'[^']*\^\^\^&amp;[^']*&amp;ISO'/,
    `'${patient.nhsNumber}^^^&amp;${patient.root}&amp;ISO'`,
  );
  const answer = await postSoap(url, EXAMPLES.iti38Find.endpoint, prepare(envelope, `${url}/SOAP/iti38`));
  const response = payload(answer);
  if (attr(response, 'status') !== SUCCESS) throw new DemoError(`ITI-38 answered ${attr(response, 'status')}: ${registryErrors(response)}`);
  return descendants(response, RIM, 'ExtrinsicObject').map((eo) => ({
    uniqueId:
      attr(
        children(eo, 'ExternalIdentifier').find((x) => attr(x, 'identificationScheme') === UNIQUE_ID_SCHEME),
        'value',
      ) ?? '',
    title: attr(descendants(child(eo, RIM, 'Name'), RIM, 'LocalizedString')[0], 'value') ?? '(untitled)',
    size: Number(slot(eo, 'size')),
    hash: slot(eo, 'hash') ?? '',
    mimeType: attr(eo, 'mimeType') ?? '',
    creationTime: slot(eo, 'creationTime'),
    repositoryUniqueId: slot(eo, 'repositoryUniqueId') ?? '',
    home: attr(eo, 'home') ?? '',
  }));
}

function children(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === RIM && c.local === local);
}

/** ITI-39 for one entry; the document bytes as sent (an MTOM attachment, or inline base64). */
export async function retrieveDocument(
  url: string,
  assertion: string,
  entry: DocumentEntry,
  prepare: PrepareEnvelope = (envelope, to) => signEnvelope(envelope, assertion, to),
): Promise<RetrievedDocument> {
  const envelope = withDocumentUniqueId(readExample('iti39'), entry.uniqueId)
    .replace(/<HomeCommunityId>[^<]*</, `<HomeCommunityId>${entry.home}<`)
    .replace(/<RepositoryUniqueId>[^<]*</, `<RepositoryUniqueId>${entry.repositoryUniqueId}<`);
  const answer = await postSoap(url, EXAMPLES.iti39.endpoint, prepare(envelope, `${url}/SOAP/iti39`));
  const response = payload(answer);
  const status = attr(child(response, RS, 'RegistryResponse'), 'status');
  if (status !== SUCCESS) throw new DemoError(`ITI-39 answered ${status}: ${registryErrors(response)}`);
  const doc = child(child(response, XDSB, 'DocumentResponse'), XDSB, 'Document');
  const include = child(doc, NS.xop, 'Include');
  const bytes = include ? answer.attachments.get(cidFromHref(attr(include, 'href') ?? '')) : doc && Buffer.from(text(doc) ?? '', 'base64');
  if (!bytes) throw new DemoError('ITI-39 answered Success without the document bytes');
  return {
    bytes,
    sha1: createHash('sha1').update(bytes).digest('hex'),
    mimeType: text(child(child(response, XDSB, 'DocumentResponse'), XDSB, 'mimeType')) ?? '',
  };
}
