/**
 * One generated GP record document as the cache holds it: the exact bytes ITI-39 returns and what
 * the DocumentEntry needs. Coded metadata is not stored; it comes from configuration at query time.
 */
export interface GpRecordDocument {
  /** The NHS number the record was generated for (the key the query used). */
  nhsNumber: string;
  entryUuid: string;
  /** = CDA ClinicalDocument/id (2.25 OID). */
  uniqueId: string;
  /** The On-Demand entry published beside it, when asked for. */
  onDemand: { entryUuid: string; uniqueId: string };
  mimeType: 'text/xml';
  /** XDS DTM, UTC (= CDA effectiveTime). */
  creationTime: string;
  serviceStartTime?: string;
  serviceStopTime?: string;
  hash: string;
  size: number;
  title: string;
  practice: { odsCode: string; name?: string };
  generatedAt: string;
  expiresAt: string;
  /** Notices the document shows its reader (GP Connect warnings, withheld or disabled data). */
  notices: string[];
  conversion: { mapped: number; narrativeOnly: number; issues: number };
}

export interface StoredGpRecord {
  meta: GpRecordDocument;
  /**
   * The document bytes. The same Buffer is handed to every retrieve this process serves from its
   * local tier: read it, never write to it.
   */
  bytes: Buffer;
}
