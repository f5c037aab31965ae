import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { wsSecurityHeader } from '@gw/xua';

/**
 * The example requests in examples/ and how the demo sends them: each gets a fresh wsa:MessageID,
 * its real wsa:To and a wsse:Security header (a new wsu:Timestamp around one shared, signed assertion).
 */
export { demoAssertion } from '../../apps/gateway/src/embedded/demo-assertion';

export const EXAMPLES_DIR = path.resolve(__dirname, '../../examples');

export const EXAMPLES = {
  iti47: { file: 'iti47.xml', endpoint: 'iti47', title: 'ITI-47 PDQv3 patient query' },
  iti55: { file: 'iti55.xml', endpoint: 'iti55', title: 'ITI-55 XCPD patient discovery' },
  iti38Find: { file: 'iti38-find-documents.xml', endpoint: 'iti38', title: 'ITI-38 FindDocuments' },
  iti38Get: { file: 'iti38-get-documents.xml', endpoint: 'iti38', title: 'ITI-38 GetDocuments' },
  iti39: { file: 'iti39.xml', endpoint: 'iti39', title: 'ITI-39 retrieve' },
} as const;
export type ExampleName = keyof typeof EXAMPLES;

/** Stands for the document uniqueId in the GetDocuments and ITI-39 examples (ids are made per document). */
export const UNIQUE_ID_PLACEHOLDER = '2.25.0';

/** The sandbox patient the examples ask for. */
export const EXAMPLE_PATIENT = { nhsNumber: '9690937286', root: '2.16.840.1.113883.2.1.4.1' } as const;

export function readExample(name: ExampleName): string {
  return readFileSync(path.join(EXAMPLES_DIR, EXAMPLES[name].file), 'utf8');
}

/** The example with the placeholder uniqueId replaced by a real one. */
export function withDocumentUniqueId(envelope: string, uniqueId: string): string {
  return envelope.split(`>${UNIQUE_ID_PLACEHOLDER}<`).join(`>${uniqueId}<`).split(`'${UNIQUE_ID_PLACEHOLDER}'`).join(`'${uniqueId}'`);
}

/** The envelope ready to send: fresh MessageID, wsa:To set to `to`, wsse:Security added to the header. */
export function signEnvelope(envelope: string, assertion: string, to: string, now = new Date()): string {
  const out = envelope
    .replace(/<a:MessageID>[^<]*<\/a:MessageID>/, `<a:MessageID>urn:uuid:${randomUUID()}</a:MessageID>`)
    .replace(/(<a:To\b[^>]*>)[^<]*(<\/a:To>)/, `$1${to}$2`)
    .replace(/(\s*)<\/s:Header>/, `$1  ${wsSecurityHeader(assertion, now)}$1</s:Header>`);
  if (!out.includes('<wsse:Security')) throw new Error('the example has no <s:Header> to sign');
  return out;
}
