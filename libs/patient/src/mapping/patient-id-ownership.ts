import { Injectable } from '@nestjs/common';
import { stripUrnOid } from '@gw/hl7-datatypes';
import { PatientConfig } from '../patient.config';
import { LOCAL_REQUESTER, organisationKey, type RequesterKey } from '../access/requester-key';
import { PatientIdMapStore } from './patient-id-map.store';

export type AssertDecision = { ok: true } | { ok: false; reason: string };

/**
 * Patient ids are bound to the organisation that asserts them. An assigning authority belongs to
 * its configured owner (PATIENT_ID_AUTHORITY_OWNERS), else to the first organisation that mapped an
 * id in it. Only the owner may map ids in it, resolve them (ITI-38, PDQv3 asOtherIDs) or assert
 * them in a query. The implicit local requester (XUA off) never claims an authority: it may use
 * the unowned ones only, so turning XUA on later leaves every authority free for its real owner.
 */
@Injectable()
export class PatientIdOwnership {
  private readonly configured: Map<string, RequesterKey>;

  constructor(
    private readonly map: PatientIdMapStore,
    private readonly cfg: PatientConfig,
  ) {
    this.configured = new Map(
      cfg.PATIENT_ID_AUTHORITY_OWNERS.map((pair) => {
        const eq = pair.indexOf('=');
        return [stripUrnOid(pair.slice(0, eq)), organisationKey(pair.slice(eq + 1)) ?? ''] as const;
      }),
    );
  }

  /** Who owns the authority now: the configured owner, the recorded one, or nobody yet. */
  async ownerOf(root: string): Promise<RequesterKey | undefined> {
    const oid = stripUrnOid(root);
    return this.configured.get(oid) ?? (await this.map.ownerOf(oid))?.owner;
  }

  /** May this requester put ids of this authority in a query, and so have them mapped? */
  async mayAssert(root: string, requester: RequesterKey | undefined): Promise<AssertDecision> {
    if (!requester)
      return { ok: false, reason: 'The security assertion names no organisation (homeCommunityId or organization-id) to own these ids' };
    const owner = await this.ownerOf(root);
    if (!owner || owner === requester) return { ok: true };
    return {
      ok: false,
      reason: `Patient ids of assigning authority ${stripUrnOid(root)} are accepted only from the organisation that owns it`,
    };
  }

  /** May this requester look a patient up by an id of this authority? Owners only; unowned ones only locally. */
  async mayResolve(root: string, requester: RequesterKey | undefined): Promise<boolean> {
    if (!requester) return false;
    const owner = await this.ownerOf(root);
    return owner ? owner === requester : requester === LOCAL_REQUESTER;
  }

  /**
   * Makes an organisation the owner of an unowned authority before its first mapping is written.
   * 'not-stored' when the store did not keep the claim (an outage): nothing may be mapped then.
   */
  async claim(root: string, requester: RequesterKey): Promise<'owned' | 'other-owner' | 'not-stored'> {
    const configured = this.configured.get(stripUrnOid(root));
    if (configured) return configured === requester ? 'owned' : 'other-owner';
    if (requester === LOCAL_REQUESTER) return (await this.ownerOf(root)) ? 'other-owner' : 'owned';
    const owner = await this.map.claimAuthority(root, requester);
    return owner === undefined ? 'not-stored' : owner === requester ? 'owned' : 'other-owner';
  }

  /**
   * Checks new mappings for a patient before they are written: the patient keeps at most
   * PATIENT_ID_MAX_PER_PATIENT ids, and each authority is claimed for the requester (first
   * mapping) or confirmed as theirs. Returns why not, when not.
   */
  async admit(
    ids: ReadonlyArray<{ root: string; extension: string }>,
    nhsNumber: string,
    requester: RequesterKey,
  ): Promise<string | undefined> {
    const held = await this.map.forNhsNumber(nhsNumber);
    const fresh = ids.filter((id) => !held.some((m) => m.root === stripUrnOid(id.root) && m.extension === id.extension));
    if (held.length + fresh.length > this.cfg.PATIENT_ID_MAX_PER_PATIENT)
      return `The patient already has the most patient ids this gateway keeps (${this.cfg.PATIENT_ID_MAX_PER_PATIENT}); the new id was not stored`;
    for (const root of new Set(fresh.map((id) => stripUrnOid(id.root)))) {
      const claim = await this.claim(root, requester);
      if (claim === 'other-owner') return `Patient ids of assigning authority ${root} are accepted only from the organisation that owns it`;
      if (claim === 'not-stored') return 'The patient id could not be stored (patient-id store unavailable); try again later';
    }
    return undefined;
  }
}
