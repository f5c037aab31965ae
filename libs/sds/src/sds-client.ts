/** A GP Connect provider endpoint as SDS describes it. */
export interface GpConnectEndpoint {
  odsCode: string;
  /** Provider FHIR base URL (the structured-record operation is POSTed to {address}/Patient/$gpc.getstructuredrecord). */
  address: string;
  /** Provider ASID, sent as Ssp-To. */
  asid: string;
  /** MHS party key linking the Endpoint and the Device records. */
  partyKey?: string;
}

export type SdsLookupOutcome =
  | { kind: 'found'; endpoint: GpConnectEndpoint }
  | { kind: 'not-found' }
  /** SDS failed, answered something unusable, or gave 0/several Devices for one Endpoint (code says which). */
  | { kind: 'upstream-error'; status?: number; code?: string }
  | { kind: 'timeout' };

/** Port for SDS FHIR: Endpoint then Device lookup for a practice's GP Connect structured interaction. */
export abstract class SdsClient {
  abstract lookupStructuredRecordEndpoint(odsCode: string, ctx: { requestId: string }): Promise<SdsLookupOutcome>;
}
