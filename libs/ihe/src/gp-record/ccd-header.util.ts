import { attr, child, parseXml } from '@gw/soap';
import { hl7TsToDtm } from '../xds';

const CDA = 'urn:hl7-org:v3';

/** What the DocumentEntry takes from the generated CCD header, read back from the exact bytes. */
export interface CcdHeaderFacts {
  /** ClinicalDocument/id as an XDS uniqueId (`root` or `root^extension`). */
  uniqueId?: string;
  /** effectiveTime as UTC DTM. */
  creationTime?: string;
  /** documentationOf/serviceEvent/effectiveTime low and high as UTC DTM. */
  serviceStartTime?: string;
  serviceStopTime?: string;
}

/**
 * Reads the header facts from the document itself, so the metadata describes the document as
 * generated rather than what the gateway asked the converter for.
 */
export function readCcdHeader(xml: string): CcdHeaderFacts {
  const doc = parseXml(xml, { maxDepth: 200, maxElements: 5_000_000 });
  const id = child(doc, CDA, 'id');
  const root = attr(id, 'root');
  const ext = attr(id, 'extension');
  const eff = attr(child(doc, CDA, 'effectiveTime'), 'value');
  const svc = child(child(child(doc, CDA, 'documentationOf'), CDA, 'serviceEvent'), CDA, 'effectiveTime');
  const low = attr(child(svc, CDA, 'low'), 'value');
  const high = attr(child(svc, CDA, 'high'), 'value');
  return {
    uniqueId: root ? (ext ? `${root}^${ext}` : root) : undefined,
    creationTime: eff ? hl7TsToDtm(eff) : undefined,
    serviceStartTime: low ? hl7TsToDtm(low) : undefined,
    serviceStopTime: high ? hl7TsToDtm(high) : undefined,
  };
}
