import { randomUUID } from 'node:crypto';

export interface MtomPart {
  contentId: string;
  contentType: string;
  data: Buffer;
}

export interface BuiltMtom {
  contentType: string;
  body: Buffer;
}

const ROOT_ID = 'root@gw';

/**
 * Builds a multipart/related MTOM/XOP message (ihe-transactions.md §3.3): quoted parameters,
 * CRLF framing, `Content-ID` in angle brackets, binary parts copied byte for byte, closing
 * `--boundary--`. The root part carries the SOAP envelope as application/xop+xml.
 */
export function buildMtom(envelopeXml: string, parts: readonly MtomPart[], action?: string): BuiltMtom {
  const boundary = `MIMEBoundary_${randomUUID().replace(/-/g, '')}`;
  const chunks: Buffer[] = [];
  const line = (s: string) => chunks.push(Buffer.from(s + '\r\n', 'latin1'));
  line(`--${boundary}`);
  line('Content-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"');
  line('Content-Transfer-Encoding: binary');
  line(`Content-ID: <${ROOT_ID}>`);
  line('');
  chunks.push(Buffer.from(envelopeXml, 'utf8'), Buffer.from('\r\n'));
  for (const p of parts) {
    line(`--${boundary}`);
    line(`Content-Type: ${p.contentType}`);
    line('Content-Transfer-Encoding: binary');
    line(`Content-ID: <${p.contentId}>`);
    line('');
    chunks.push(p.data, Buffer.from('\r\n'));
  }
  line(`--${boundary}--`);
  const actionParam = action ? `; action="${action}"` : '';
  return {
    contentType: `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="<${ROOT_ID}>"; start-info="application/soap+xml"${actionParam}`,
    body: Buffer.concat(chunks),
  };
}
