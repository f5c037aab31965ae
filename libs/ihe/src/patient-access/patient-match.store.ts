import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { KeyValueStore } from '@gw/cache';
import { GpRecordConfig } from '../gp-record/gp-record.config';
import type { RequesterKey } from './requester-key';

/** The key names neither the organisation nor the patient in clear. */
function matchKey(requester: RequesterKey, nhsNumber: string): string {
  return `xca:match:v1:${createHash('sha256').update(`${requester}\u0000${nhsNumber}`).digest('hex').slice(0, 40)}`;
}

/**
 * "Requester R matched NHS number N with demographics at time T", kept for XCA_MATCH_WINDOW_S:
 * what lets R query and retrieve N by NHS number (CONNECT's verify mode). Written by ITI-55/47 on
 * a match the demographics confirmed, and by ITI-38 by an id R owns (a CEID learnt from such a match).
 */
@Injectable()
export class PatientMatchStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly cfg: GpRecordConfig,
  ) {}

  async record(requester: RequesterKey, nhsNumber: string): Promise<void> {
    await this.store.set(matchKey(requester, nhsNumber), { at: new Date().toISOString() }, this.cfg.XCA_MATCH_WINDOW_S * 1000);
  }

  async has(requester: RequesterKey, nhsNumber: string): Promise<boolean> {
    return (await this.store.get(matchKey(requester, nhsNumber))) !== undefined;
  }
}
