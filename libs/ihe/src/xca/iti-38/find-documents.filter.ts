import { sqlLike } from './sql-like.util';
import { AVAILABILITY_STATUS, ENTRY_TYPE, type CodedValue, type DocumentEntryMetadata } from '../../xds';
import { stripUrnOid } from '@gw/hl7-datatypes';

/** A predicate over one DocumentEntry for the values of one Slot (the values are ORed). */
export type EntryPredicate = (e: DocumentEntryMetadata) => boolean;

function codeMatches(value: string, c: CodedValue): boolean {
  const [code, , scheme] = value.split('^');
  if (code.trim() !== c.code) return false;
  return !scheme?.trim() || stripUrnOid(scheme) === stripUrnOid(c.scheme);
}

/** Code parameters (`code^^scheme`, scheme optional on input) → the entry's coded attribute(s). */
const CODE_PARAMS: Record<string, (e: DocumentEntryMetadata) => CodedValue[]> = {
  $XDSDocumentEntryClassCode: (e) => [e.classCode],
  $XDSDocumentEntryTypeCode: (e) => [e.typeCode],
  $XDSDocumentEntryFormatCode: (e) => [e.formatCode],
  $XDSDocumentEntryConfidentialityCode: (e) => e.confidentialityCodes,
  $XDSDocumentEntryHealthcareFacilityTypeCode: (e) => [e.healthcareFacilityTypeCode],
  $XDSDocumentEntryPracticeSettingCode: (e) => [e.practiceSettingCode],
  // The GP record document carries no event codes: any requested event code excludes it.
  $XDSDocumentEntryEventCodeList: () => [],
};

/** Time parameters: From is inclusive, To exclusive, compared as DTM at full precision. */
const TIME_PARAMS: Record<string, { get: (e: DocumentEntryMetadata) => string | undefined; from: boolean }> = {
  $XDSDocumentEntryCreationTimeFrom: { get: (e) => e.creationTime, from: true },
  $XDSDocumentEntryCreationTimeTo: { get: (e) => e.creationTime, from: false },
  $XDSDocumentEntryServiceStartTimeFrom: { get: (e) => e.serviceStartTime, from: true },
  $XDSDocumentEntryServiceStartTimeTo: { get: (e) => e.serviceStartTime, from: false },
  $XDSDocumentEntryServiceStopTimeFrom: { get: (e) => e.serviceStopTime, from: true },
  $XDSDocumentEntryServiceStopTimeTo: { get: (e) => e.serviceStopTime, from: false },
};

export const TIME_PARAM_NAMES = Object.keys(TIME_PARAMS);

/** Pads a DTM to 14 digits so differing precisions compare correctly as strings. */
function pad(dtm: string): string {
  return dtm.padEnd(14, '0');
}

/** An availabilityStatus value (full URN or, leniently, its last word) against an object's status. */
export function statusMatches(value: string, status: 'approved' | 'deprecated' = 'approved'): boolean {
  const v = value.trim();
  return v === AVAILABILITY_STATUS[status] || v.toLowerCase() === status;
}

function entryTypeMatches(value: string, e: DocumentEntryMetadata): boolean {
  const v = value.trim().toLowerCase();
  return e.kind === 'stable' ? v === ENTRY_TYPE.stable : v === ENTRY_TYPE.onDemand;
}

/**
 * The predicate for one Slot of a DocumentEntry parameter, or undefined for a parameter this
 * filter does not know. The current snapshot and the On-Demand entry are Approved; a snapshot a
 * newer one replaced is Deprecated, so a query for Deprecated only finds replaced snapshots.
 */
export function slotPredicate(name: string, values: readonly string[]): EntryPredicate | undefined {
  const code = CODE_PARAMS[name];
  if (code) return (e) => values.some((v) => code(e).some((c) => codeMatches(v, c)));
  const time = TIME_PARAMS[name];
  if (time) {
    const bound = pad(values[0].trim());
    return (e) => {
      const t = time.get(e);
      // An On-Demand entry carries no creationTime (nor serviceStopTime): it stands for a document
      // made at retrieve from the latest data, so a bound on a time it does not have cannot exclude
      // it. A Stable entry without the time does not match (README: time parameters).
      if (!t) return e.kind === 'on-demand';
      return time.from ? pad(t) >= bound : pad(t) < bound;
    };
  }
  switch (name) {
    case '$XDSDocumentEntryStatus':
      return (e) => values.some((v) => statusMatches(v, e.status));
    case '$XDSDocumentEntryReferenceIdList':
      // The GP record document carries no referenceIdList: any requested reference id excludes it.
      return () => false;
    case '$XDSDocumentEntryType':
      return (e) => values.some((v) => entryTypeMatches(v, e));
    case '$XDSDocumentEntryAuthorPerson':
      return (e) => values.some((v) => !!e.author?.person && sqlLike(v, e.author.person));
    default:
      return undefined;
  }
}
