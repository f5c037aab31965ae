import type { DocumentHeader } from '@gw/ccda';
import { hl7TsToDtm } from '@gw/hl7-datatypes';

/** What the DocumentEntry takes from the generated CCD header, in XDS form. */
export interface CcdHeaderFacts {
  /** ClinicalDocument/id as an XDS uniqueId (`root` or `root^extension`). */
  uniqueId: string;
  /** effectiveTime as UTC DTM. */
  creationTime?: string;
  /** documentationOf/serviceEvent/effectiveTime low and high as UTC DTM. */
  serviceStartTime?: string;
  serviceStopTime?: string;
}

/**
 * The header facts the converter reports for what it wrote, so the metadata describes the document
 * as generated rather than what the gateway asked the converter for.
 */
export function ccdHeaderFacts(h: DocumentHeader): CcdHeaderFacts {
  const { root, extension } = h.documentId;
  return {
    uniqueId: extension ? `${root}^${extension}` : root,
    creationTime: hl7TsToDtm(h.effectiveTime),
    serviceStartTime: h.serviceStartTime ? hl7TsToDtm(h.serviceStartTime) : undefined,
    serviceStopTime: hl7TsToDtm(h.serviceStopTime),
  };
}
