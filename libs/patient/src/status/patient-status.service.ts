import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { KeyValueStore } from '@gw/cache';
import { PdsClient, type PdsCallContext, type PdsReadOutcome } from '@gw/pds';
import { PatientConfig } from '../patient.config';
import { GpRecordStore } from '@gw/gp-record';
import { disclosureDecisionOf, readCurrentRecord } from './pds-current-record';
import type { PatientStatus } from './patient-status.types';

function statusKey(nhsNumber: string): string {
  return `pds-status:v1:${createHash('sha256').update(`pds-status:${nhsNumber}`).digest('hex').slice(0, 32)}`;
}

/**
 * A patient's current PDS status before any disclosure of a cached GP record (ITI-38/39), kept for
 * XCA_PATIENT_STATUS_TTL_S in the shared store so every instance sees a change at once. A patient
 * PDS withholds (restricted, invalidated, gone) has their cached documents purged the moment the
 * gateway learns it, here or from a discovery read (note()).
 */
@Injectable()
export class PatientStatusService {
  private readonly logger = new Logger(PatientStatusService.name);

  constructor(
    private readonly pds: PdsClient,
    private readonly store: KeyValueStore,
    private readonly documents: GpRecordStore,
    private readonly cfg: PatientConfig,
  ) {}

  /** The status, from the short-lived cache or a fresh PDS read. 'unavailable': PDS could not say. */
  async check(nhsNumber: string, ctx: PdsCallContext): Promise<PatientStatus> {
    const cached = await this.store.get<PatientStatus>(statusKey(nhsNumber));
    if (cached === 'disclosable' || cached === 'withheld') return cached;
    const read = await readCurrentRecord(this.pds, nhsNumber, ctx);
    return this.note(nhsNumber, read);
  }

  /** Records what a PDS read said about the patient (and purges their documents when withheld). */
  async note(nhsNumber: string, read: PdsReadOutcome): Promise<PatientStatus> {
    const decision = disclosureDecisionOf(read);
    if (decision.kind === 'disclosable') await this.remember(nhsNumber, 'disclosable');
    else if (decision.kind === 'withheld') await this.withhold(nhsNumber, decision.reason);
    return decision.kind;
  }

  /** Records that a disclosure was just decided by its own PDS read (a document generated now). */
  async remember(nhsNumber: string, status: 'disclosable' | 'withheld'): Promise<void> {
    if (this.cfg.XCA_PATIENT_STATUS_TTL_S > 0) await this.store.set(statusKey(nhsNumber), status, this.cfg.XCA_PATIENT_STATUS_TTL_S * 1000);
  }

  /**
   * The patient may not be disclosed: purge every cached document of theirs, and remember it for a
   * restricted or invalidated record. A number PDS does not know is not remembered, so that made-up
   * numbers cannot fill the store (it holds no documents to protect).
   */
  async withhold(nhsNumber: string, reason: string): Promise<void> {
    if (reason === 'pds:restricted' || reason === 'pds:invalidated') await this.remember(nhsNumber, 'withheld');
    const purged = await this.documents.purgePatient(nhsNumber);
    if (purged) this.logger.log(`Purged ${purged} cached document(s) of a patient who may no longer be disclosed (${reason})`);
  }
}
