import type { PdsFailure } from '@gw/pds';

/** What PDS currently says about disclosing a patient. */
export type DisclosureDecision =
  | { kind: 'disclosable' }
  | { kind: 'withheld'; reason: 'pds:not-found' | 'pds:invalid' | 'pds:restricted' | 'pds:invalidated' }
  | { kind: 'unavailable'; failure: PdsFailure };

export type PatientStatus = DisclosureDecision['kind'];
