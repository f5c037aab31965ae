import { attr, child, descendants, NS, parseMtom, parseXml, text, type XmlElement } from '@gw/soap';

/** One SOAP exchange with the gateway, read back far enough to tell success from a refusal. */
export interface SoapAnswer {
  status: number;
  contentType: string;
  /** The SOAP envelope (the root part of an MTOM answer). */
  envelope: XmlElement;
  /** MTOM attachments by Content-ID. */
  attachments: Map<string, Buffer>;
}

export class DemoError extends Error {}

const REQUEST_TIMEOUT_MS = 60_000;

export async function postSoap(baseUrl: string, endpoint: string, envelope: string): Promise<SoapAnswer> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/SOAP/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: envelope,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (e) {
    throw new DemoError(`the gateway at ${baseUrl} did not answer /SOAP/${endpoint}: ${(e as Error).message}`);
  }
  const contentType = res.headers.get('content-type') ?? '';
  const body = Buffer.from(await res.arrayBuffer());
  const mtom = contentType.startsWith('multipart/related') ? parseMtom(body, contentType) : undefined;
  let root: XmlElement;
  try {
    root = parseXml((mtom ? mtom.root.body : body).toString('utf8'));
  } catch {
    throw new DemoError(`/SOAP/${endpoint} answered HTTP ${res.status} without a SOAP envelope`);
  }
  const answer = { status: res.status, contentType, envelope: root, attachments: mtom?.attachments ?? new Map<string, Buffer>() };
  const fault = child(child(root, NS.soap12, 'Body'), NS.soap12, 'Fault');
  if (fault) throw new DemoError(`/SOAP/${endpoint} answered with a SOAP Fault (HTTP ${res.status}): ${describeFault(fault)}`);
  if (res.status !== 200) throw new DemoError(`/SOAP/${endpoint} answered HTTP ${res.status}`);
  return answer;
}

function describeFault(fault: XmlElement): string {
  const code = child(fault, NS.soap12, 'Code');
  const sub = text(child(child(code, NS.soap12, 'Subcode'), NS.soap12, 'Value'));
  const reason = text(child(child(fault, NS.soap12, 'Reason'), NS.soap12, 'Text'));
  const codeValue = text(child(code, NS.soap12, 'Value'));
  return `${[codeValue, sub].filter(Boolean).join(' / ')}: ${reason ?? '(no reason given)'}`;
}

/** The first element of the SOAP Body. */
export function payload(answer: SoapAnswer): XmlElement | undefined {
  return child(answer.envelope, NS.soap12, 'Body')?.children[0];
}

export const RS = 'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0';
export const RIM = 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0';

/** RegistryError codeContexts of an ebXML answer, as one readable line. */
export function registryErrors(root: XmlElement | undefined): string {
  return descendants(root, RS, 'RegistryError')
    .map((e) => `${attr(e, 'errorCode')}: ${attr(e, 'codeContext')}`)
    .join('; ');
}
