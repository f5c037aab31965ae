import { Injectable, Logger } from '@nestjs/common';
import { KeyValueStore } from '@gw/cache';
import { maskCallerText } from '@gw/observability';
import { stripUrnOid } from '@gw/hl7-datatypes';
import { EPIC_CEID_PATTERN, PatientConfig } from '../patient.config';

/** A local patient id (e.g. an Epic Care Everywhere id) known to belong to an NHS number. */
export interface PatientIdMapping {
  /** Assigning authority OID. */
  root: string;
  extension: string;
  nhsNumber: string;
  createdAt: string;
  /** 'query': learnt from a discovery query that PDS confirmed; 'admin': set through the admin API. */
  source: 'query' | 'admin';
}

interface IdRef {
  root: string;
  extension: string;
}

/** Who may map ids in an assigning authority (the first organisation that did, unless configured). */
export interface AuthorityOwner {
  owner: string;
  since: string;
}

const PREFIX = 'pidmap:v1:';
/** Ownership is meant to last; setIfAbsent needs a TTL, so it gets one far beyond any deployment (100 years). */
const OWNER_TTL_MS = 100 * 365 * 24 * 3600 * 1000;

/**
 * NHS number ⇄ local patient id mappings (CEIDs) on the shared KeyValueStore, with no expiry: a
 * partner that found a patient once by NHS number can later ask by its own id. Only authorities
 * configured as CEID authorities are stored, so callers cannot fill the store with arbitrary ids.
 * Removal is through the admin API. The forward entry (id → NHS number) is authoritative; the
 * reverse list (NHS number → ids, for PDQv3 asOtherIDs and the admin view) is read-modify-write and
 * so may miss an id written concurrently for the same patient, which forNhsNumber() tolerates.
 * `put` throws CacheWriteError when the forward entry did not reach the store.
 */
@Injectable()
export class PatientIdMapStore {
  private readonly logger = new Logger(PatientIdMapStore.name);

  constructor(
    private readonly store: KeyValueStore,
    private readonly cfg: PatientConfig,
  ) {}

  /** True when ids of this assigning authority are kept as mappings. */
  isMappedAuthority(root: string): boolean {
    const oid = stripUrnOid(root);
    return this.cfg.CEID_ASSIGNING_AUTHORITY_OIDS.includes(oid) || (this.cfg.CEID_MATCH_EPIC_PATTERN && EPIC_CEID_PATTERN.test(oid));
  }

  async get(root: string, extension: string): Promise<PatientIdMapping | undefined> {
    return this.store.get<PatientIdMapping>(this.key(root, extension));
  }

  async put(root: string, extension: string, nhsNumber: string, source: PatientIdMapping['source']): Promise<PatientIdMapping> {
    const oid = stripUrnOid(root);
    const previous = await this.get(oid, extension);
    const mapping: PatientIdMapping = { root: oid, extension, nhsNumber, createdAt: new Date().toISOString(), source };
    if (previous && previous.nhsNumber === nhsNumber) return previous;
    if (previous) {
      await this.removeRef(previous.nhsNumber, { root: oid, extension });
      this.logger.warn(`Patient id mapping for authority ${maskCallerText(oid)} now points at a different NHS number (${source})`);
    }
    // Acknowledged to the caller (and relied on by later queries by this id): it must land, or the
    // transaction fails (CacheWriteError) rather than answering OK for a mapping that is not there.
    await this.store.set(this.key(oid, extension), mapping, undefined, { durable: true });
    const refs = (await this.store.get<IdRef[]>(this.reverseKey(nhsNumber))) ?? [];
    if (!refs.some((r) => r.root === oid && r.extension === extension)) {
      refs.push({ root: oid, extension });
      await this.store.set(this.reverseKey(nhsNumber), refs);
    }
    return mapping;
  }

  async delete(root: string, extension: string): Promise<boolean> {
    const oid = stripUrnOid(root);
    const existing = await this.get(oid, extension);
    if (!existing) return false;
    await this.store.delete(this.key(oid, extension));
    await this.removeRef(existing.nhsNumber, { root: oid, extension });
    return true;
  }

  /** Every mapped id of an NHS number (for PDQv3 asOtherIDs and the admin view). */
  async forNhsNumber(nhsNumber: string): Promise<PatientIdMapping[]> {
    const refs = (await this.store.get<IdRef[]>(this.reverseKey(nhsNumber))) ?? [];
    const all = await Promise.all(refs.map((r) => this.get(r.root, r.extension)));
    return all.filter((m): m is PatientIdMapping => !!m && m.nhsNumber === nhsNumber);
  }

  /** The recorded owner of an assigning authority, when one has claimed it. */
  async ownerOf(root: string): Promise<AuthorityOwner | undefined> {
    return this.store.get<AuthorityOwner>(this.ownerKey(root));
  }

  /**
   * Records `owner` as the owner of an unowned authority, atomically (first writer wins), and
   * returns whoever owns it afterwards; undefined when the store could not be asked (an outage).
   */
  async claimAuthority(root: string, owner: string): Promise<string | undefined> {
    let written: boolean;
    try {
      written = await this.store.setIfAbsent(
        this.ownerKey(root),
        { owner, since: new Date().toISOString() } satisfies AuthorityOwner,
        OWNER_TTL_MS,
      );
    } catch {
      return undefined;
    }
    if (written) this.logger.log(`Assigning authority ${stripUrnOid(root)} is now owned by the first organisation that mapped an id in it`);
    return written ? owner : (await this.ownerOf(root))?.owner;
  }

  private async removeRef(nhsNumber: string, ref: IdRef): Promise<void> {
    const refs = (await this.store.get<IdRef[]>(this.reverseKey(nhsNumber))) ?? [];
    const kept = refs.filter((r) => !(r.root === ref.root && r.extension === ref.extension));
    if (kept.length === refs.length) return;
    if (kept.length) await this.store.set(this.reverseKey(nhsNumber), kept);
    else await this.store.delete(this.reverseKey(nhsNumber));
  }

  private key(root: string, extension: string): string {
    return `${PREFIX}id:${stripUrnOid(root)}:${extension}`;
  }

  private ownerKey(root: string): string {
    return `${PREFIX}owner:${stripUrnOid(root)}`;
  }

  private reverseKey(nhsNumber: string): string {
    return `${PREFIX}nhs:${nhsNumber}`;
  }
}
