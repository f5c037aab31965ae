import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PatientConfig } from '../patient.config';
import { KeyValueStore, LocalTier } from '@gw/cache';
import type { RequesterKey } from './requester-key';

/** Matches this process also keeps, so its own matches hold during a Redis outage (a few bytes each). */
const LOCAL_MATCHES = 10_000;

/** The key names neither the organisation nor the patient in clear. */
function matchKey(requester: RequesterKey, nhsNumber: string): string {
  return `xca:match:v1:${createHash('sha256').update(`${requester}\u0000${nhsNumber}`).digest('hex').slice(0, 40)}`;
}

/**
 * "Requester R matched NHS number N with demographics at time T", kept for XCA_MATCH_WINDOW_S:
 * what lets R query and retrieve N by NHS number (CONNECT's verify mode). Written by ITI-55/47 on
 * a match the demographics confirmed, and by ITI-38 by an id R owns (a CEID learnt from such a match).
 * Shared by every instance through the store; this process's own matches are also kept locally
 * (never past the window), read only when the store misses.
 */
@Injectable()
export class PatientMatchStore {
  private readonly local = new LocalTier(LOCAL_MATCHES);

  constructor(
    private readonly store: KeyValueStore,
    private readonly cfg: PatientConfig,
  ) {}

  async record(requester: RequesterKey, nhsNumber: string): Promise<void> {
    const key = matchKey(requester, nhsNumber);
    const ttlMs = this.cfg.XCA_MATCH_WINDOW_S * 1000;
    const match = { at: new Date().toISOString() };
    this.local.set(key, match, ttlMs);
    await this.store.set(key, match, ttlMs);
  }

  async has(requester: RequesterKey, nhsNumber: string): Promise<boolean> {
    const key = matchKey(requester, nhsNumber);
    return (await this.store.get(key)) !== undefined || this.local.get(key) !== undefined;
  }
}
