import type { Bundle, OperationOutcome } from 'fhir/r3';
import type { DocumentHeader } from '../conversion-report';

export interface CcdRenderRequest {
  /** Becomes ClinicalDocument/id/@root and the XDS uniqueId. */
  uniqueId: string;
  effectiveTime: Date;
  /** OperationOutcome warnings returned beside the bundle. */
  warnings: OperationOutcome[];
  /** ODS code of the registered practice (PDS), to name the practice from the bundle. */
  practiceOdsCode: string;
}

export interface RenderedCcd {
  xml: string;
  /** The header as written: document id, times, title and practice. */
  header: DocumentHeader;
  title: string;
  practiceName?: string;
  /** Notices shown to the reader (warnings, withheld or disabled data), deduplicated. */
  notices: string[];
  summary: { mapped: number; narrativeOnly: number; issues: number };
}

/**
 * Turns a GP Connect structured record into the CCD the gateway serves. A port so the document
 * service is tested with real and with fake conversions alike; throws when a bundle cannot be
 * converted at all.
 */
export abstract class CcdRenderer {
  abstract render(bundle: Bundle, req: CcdRenderRequest): RenderedCcd;
}
