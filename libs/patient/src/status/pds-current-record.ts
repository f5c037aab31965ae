import type { DisclosureDecision } from './patient-status.types';
import type { PdsCallContext, PdsClient, PdsReadOutcome } from '@gw/pds';

/**
 * The PDS read every disclosure decision starts from: a superseded number continues with the
 * replacement record (PDS returns it under its new id); a chain of supersessions is not followed.
 */
export async function readCurrentRecord(pds: PdsClient, nhsNumber: string, ctx: PdsCallContext): Promise<PdsReadOutcome> {
  const read = await pds.read(nhsNumber, ctx);
  if (read.kind !== 'superseded') return read;
  if (read.patient)
    return { kind: 'found', patient: read.patient, deceased: Boolean(read.patient.deceasedDateTime || read.patient.deceasedBoolean) };
  const next = await pds.read(read.newNhsNumber, ctx);
  return next.kind === 'superseded' ? { kind: 'not-found' } : next;
}

/**
 * The one decision on a PDS read, shared by discovery (ITI-47/55) and disclosure (ITI-38/39): a
 * found record (deceased included) may be disclosed; restricted (R, V, REDACTED), invalidated,
 * unknown and invalid ones are withheld, each answered as an unknown patient; PDS failures decide
 * nothing.
 */
export function disclosureDecisionOf(read: PdsReadOutcome): DisclosureDecision {
  switch (read.kind) {
    case 'found':
      return { kind: 'disclosable' };
    case 'not-found':
    case 'superseded':
      return { kind: 'withheld', reason: 'pds:not-found' };
    case 'invalid':
      return { kind: 'withheld', reason: 'pds:invalid' };
    case 'restricted':
      return { kind: 'withheld', reason: 'pds:restricted' };
    case 'invalidated':
      return { kind: 'withheld', reason: 'pds:invalidated' };
    default:
      return { kind: 'unavailable', failure: read };
  }
}
