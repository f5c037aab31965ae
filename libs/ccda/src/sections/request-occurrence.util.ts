import { FhirResource, isObj, str } from '../fhir/fhir-access.util';

/** When a referral or a diary entry is planned to happen: a date, or a period. */
export interface RequestOccurrence {
  at?: string;
  start?: string;
  end?: string;
  period: boolean;
}

/**
 * `occurrence[x]` of a ReferralRequest or ProcedureRequest (STU3: `occurrenceDateTime` | `occurrencePeriod`).
 * GP Connect's published diary entry example sends it as `occurrence`, without the type suffix (its
 * guidance page lists the element so, "dateTime | Period"), so that name is read too, by the type of
 * its value: a string is the dateTime, an object the Period. Undefined when the record gives no date.
 */
export function requestOccurrence(r: FhirResource): RequestOccurrence | undefined {
  const bare = r.occurrence;
  const period = isObj(r.occurrencePeriod) ? r.occurrencePeriod : isObj(bare) ? bare : undefined;
  if (period && (str(period.start) || str(period.end))) return { start: str(period.start), end: str(period.end), period: true };
  const at = str(r.occurrenceDateTime) ?? str(bare);
  return at ? { at, period: false } : undefined;
}
