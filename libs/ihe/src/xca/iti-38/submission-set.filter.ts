import type { SubmissionSetMetadata } from '../../xds';
import { stripUrnOid } from '@gw/hl7-datatypes';
import { statusMatches } from './find-documents.filter';

/** A predicate over one SubmissionSet for the values of one Slot (the values are ORed). */
export type SubmissionSetPredicate = (s: SubmissionSetMetadata) => boolean;

function pad(dtm: string): string {
  return dtm.padEnd(14, '0');
}

/**
 * The predicate for one Slot of a SubmissionSet parameter (FindSubmissionSets, GetAll), or
 * undefined for a parameter this filter does not know. Every SubmissionSet is Approved; times
 * compare as DTM, From inclusive and To exclusive.
 */
export function submissionSetPredicate(name: string, values: readonly string[]): SubmissionSetPredicate | undefined {
  switch (name) {
    case '$XDSSubmissionSetStatus':
      return () => values.some((v) => statusMatches(v));
    case '$XDSSubmissionSetSourceId':
      return (s) => values.some((v) => stripUrnOid(v.trim()) === s.sourceId);
    case '$XDSSubmissionSetContentType':
      return (s) =>
        values.some((v) => {
          const [code, , scheme] = v.split('^');
          return (
            code.trim() === s.contentTypeCode.code && (!scheme?.trim() || stripUrnOid(scheme) === stripUrnOid(s.contentTypeCode.scheme))
          );
        });
    case '$XDSSubmissionSetSubmissionTimeFrom':
      return (s) => pad(s.submissionTime) >= pad(values[0].trim());
    case '$XDSSubmissionSetSubmissionTimeTo':
      return (s) => pad(s.submissionTime) < pad(values[0].trim());
    case '$XDSSubmissionSetAuthorPerson':
      // The SubmissionSets name an institution, never a person.
      return () => false;
    default:
      return undefined;
  }
}
