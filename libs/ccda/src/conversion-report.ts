import type { InstanceIdentifier } from './ccd-options';

/** What the converter did with each clinical item, so nothing can disappear unnoticed. */
export type ItemOutcome = 'entry' | 'narrative';

export interface ReportItem {
  /** `<ResourceType>/<id>` as in the bundle (ids are GP system ids, never patient identifiers). */
  ref: string;
  /** LOINC code of the section the item was rendered in. */
  section: string;
  outcome: ItemOutcome;
  /** Why the item is narrative-only, when it is. */
  reason?: string;
}

export interface SectionReport {
  code: string;
  title: string;
  entries: number;
  narrativeOnly: number;
  /** `NI` when the section carries no entries. */
  nullFlavor?: 'NI';
  /** Notices shown to the reader (warnings, withheld data, not requested). */
  notices: string[];
}

/**
 * The document header as written, returned by the code that writes it so a caller describing the
 * document (XDS metadata, a listing) never has to parse the XML back.
 */
export interface DocumentHeader {
  /** `ClinicalDocument/id`. */
  documentId: InstanceIdentifier;
  title: string;
  /** `ClinicalDocument/effectiveTime/@value`: HL7 TS with the configured offset. */
  effectiveTime: string;
  /** `documentationOf/serviceEvent/effectiveTime`: low is absent when written as nullFlavor UNK. */
  serviceStartTime?: string;
  serviceStopTime: string;
  /** The practice the header names as the patient's provider, when the bundle identifies one. */
  practice?: { name?: string; odsCode?: string };
}

export interface ConversionReport {
  header: DocumentHeader;
  sections: SectionReport[];
  items: ReportItem[];
  /** Items mapped to a coded entry. */
  mapped: number;
  /** Items shown in narrative only (see `items[].reason`). */
  narrativeOnly: number;
  /** References in the bundle that point to nothing in it. */
  unresolvedReferences: string[];
  /** Problems the gateway should look at (unrecognised parameters, unparseable dates…). */
  issues: string[];
}
