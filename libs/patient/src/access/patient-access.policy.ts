import { Injectable } from '@nestjs/common';
import type { RequesterIdentity } from '@gw/identity';
import { PatientConfig } from '../patient.config';
import type { CxIdentifier } from '@gw/hl7-datatypes';
import { PatientIdOwnership } from '../mapping/patient-id-ownership';
import { PatientIdResolver } from '../mapping/patient-id.resolver';
import { PatientMatchStore } from './patient-match.store';
import { requesterKeyOf } from './requester-key';

/** An allowed patient (`nhsNumber` alone), or a refusal with the patient it concerned when known. */
export type PatientAccess =
  | { nhsNumber: string; refused?: undefined }
  | { refused: 'unknown-patient' | 'no-prior-match' | 'patient-id-not-owned'; nhsNumber?: string };

/**
 * Who may be answered about which patient in XCA (CONNECT's verify mode): by NHS number only an
 * organisation that matched the patient with demographics (ITI-55/47) within XCA_MATCH_WINDOW_S,
 * unless XCA_TRUST_BARE_NHS_NUMBER; by a mapped id only the owner of its assigning authority.
 * Everything refused here is answered as an unknown patient, so a refusal discloses nothing.
 */
@Injectable()
export class PatientAccessPolicy {
  constructor(
    private readonly resolver: PatientIdResolver,
    private readonly ownership: PatientIdOwnership,
    private readonly matches: PatientMatchStore,
    private readonly cfg: PatientConfig,
  ) {}

  /**
   * The NHS number an ITI-38 patient id stands for, when this requester may be answered about it;
   * otherwise why not (for the audit record only: the caller hears "unknown patient" either way).
   */
  async patientFor(cx: CxIdentifier, identity: RequesterIdentity): Promise<PatientAccess> {
    if (cx.authorityType.toUpperCase() !== 'ISO') return { refused: 'unknown-patient' };
    const r = await this.resolver.resolve(cx.authority, cx.id);
    if (r.kind !== 'nhs-number') return { refused: 'unknown-patient' };
    if (r.via === 'nhs-number')
      return (await this.mayDisclose(identity, r.nhsNumber))
        ? { nhsNumber: r.nhsNumber }
        : { refused: 'no-prior-match', nhsNumber: r.nhsNumber };
    const requester = requesterKeyOf(identity);
    if (!requester || !(await this.ownership.mayResolve(cx.authority, requester))) return { refused: 'patient-id-not-owned' };
    // The owner's id was learnt from its own demographic match: its retrieve may follow.
    await this.matches.record(requester, r.nhsNumber);
    return { nhsNumber: r.nhsNumber };
  }

  /** May this requester see the patient's documents (GetDocuments, ITI-39)? */
  async mayDisclose(identity: RequesterIdentity, nhsNumber: string): Promise<boolean> {
    if (this.cfg.XCA_TRUST_BARE_NHS_NUMBER) return true;
    const requester = requesterKeyOf(identity);
    return !!requester && (await this.matches.has(requester, nhsNumber));
  }
}
