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

export interface ConversionReport {
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
