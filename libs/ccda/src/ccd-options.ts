/**
 * Inputs of the converter besides the bundle. Everything the document needs that the GP record
 * does not carry (who operates the gateway, the document id, the time of generation) comes from here,
 * so the same bundle and options always give byte-identical XML.
 */
export interface InstanceIdentifier {
  /** An OID (`1.2.3`) or a UUID; never a URL. */
  root: string;
  extension?: string;
}

/** A postal address rendered as a US Realm Address (country GB allowed). */
export interface PostalAddress {
  lines: string[];
  city?: string;
  county?: string;
  /** A US state (only for a `US` address; elsewhere it is written as not applicable). */
  state?: string;
  postalCode?: string;
  /** ISO 3166 code, e.g. `GB` (the default). */
  country?: string;
}

export interface OrganizationInfo {
  name: string;
  /** OID of the organisation, or of the id scheme when `extension` is given (e.g. ODS codes). */
  root: string;
  extension?: string;
  /** A `tel:`/`mailto:`/`http:` URL, the organisation's work number; nullFlavor UNK (use WP) when absent. */
  telecom?: string;
  /** Absent: a work address whose parts are all unknown (UNK). */
  address?: PostalAddress;
}

export interface InformationRecipient {
  /** Person (free-text name) the document is intended for, when the requester said so. */
  personName?: string;
  organization?: { name: string; root?: string; extension?: string };
}

export interface AuthoringSystem {
  /** `assignedAuthor/id` of the authoring device. */
  id: InstanceIdentifier;
  softwareName: string;
  manufacturerModelName: string;
}

export interface CcdOptions {
  /** `ClinicalDocument/id`. A bare string must be a UUID (used as the root). Defaults to `idSource()`. */
  documentId?: InstanceIdentifier | string;
  /** Generation time (document and author time). Defaults to `clock()`. */
  effectiveTime?: Date;
  /** Offset, in minutes east of UTC, used to print generated timestamps. Default 0 (`+0000`). */
  timezoneOffsetMinutes?: number;
  /** The organisation operating the gateway (custodian). */
  custodian: OrganizationInfo;
  /** The converting software (author device). Defaults to this gateway under the custodian's root. */
  authoringSystem?: AuthoringSystem;
  informationRecipient?: InformationRecipient;
  /**
   * OID under which source items without a usable UUID identifier get `extension="<Type>/<id>"`.
   * Defaults to the custodian root.
   */
  localIdRoot?: string;
  /** Document title; defaults to "GP Connect summary — <practice> (<ODS>)". */
  title?: string;
  /** OperationOutcome warnings returned beside the bundle (in-bundle ones are read too). */
  warnings?: unknown[];
  /** Clock used when `effectiveTime` is absent (tests pass a fixed one). */
  clock?: () => Date;
  /** UUID source used when `documentId` is absent. */
  idSource?: () => string;
}
