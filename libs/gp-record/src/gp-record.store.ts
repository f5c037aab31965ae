import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { GpRecordDocument, StoredGpRecord } from './gp-record-document';
import { GpRecordConfig } from './gp-record.config';
import { KeyValueStore, LocalTier } from '@gw/cache';

/** Longest a document read from the shared store is also kept in this process (never past its expiry). */
const IMMUTABLE_LOCAL_TTL_MS = 5 * 60_000;

const metaExpiry = (m: GpRecordDocument): string => m.expiresAt;

/** Keys written per document (doc, two entryUUIDs, On-Demand pointer, history, patient pointer). */
const KEYS_PER_DOCUMENT = 7;

/** Patient keys are pseudonymised, so a key listing never shows an NHS number. */
function pseudonym(nhsNumber: string): string {
  return createHash('sha256').update(`gp-record:${nhsNumber}`).digest('hex').slice(0, 32);
}

function patientKey(nhsNumber: string): string {
  return `xca:patient:${pseudonym(nhsNumber)}`;
}

function docKey(uniqueId: string): string {
  return `xca:doc:${uniqueId}`;
}

function historyKey(nhsNumber: string): string {
  return `xca:history:${pseudonym(nhsNumber)}`;
}

/** How many past documents per patient the admin listing remembers. */
const HISTORY = 10;

/**
 * Generated documents in the shared KeyValueStore:
 *   xca:meta:<uniqueId>      → metadata            (all a query needs)
 *   xca:doc:<uniqueId>       → the bytes ITI-39 returns, base64 in the shared store (read only to
 *                              retrieve); this process's tier keeps them decoded, so a retrieve it
 *                              serves does not decode ~200 KB of base64 again
 *   xca:patient:<pseudonym>  → uniqueId of the patient's current document
 *   xca:uuid:<entryUuid>     → uniqueId            (GetDocuments by entryUUID)
 *   xca:od:<uniqueId>        → uniqueId of the current document behind an On-Demand entry
 *   xca:history:<pseudonym>  → uniqueIds of the patient's recent documents (admin listing)
 * A refresh points the patient at a new document; older ones stay retrievable until they expire.
 * Every write also goes to a bounded process-local tier, read only when the shared store misses.
 */
@Injectable()
export class GpRecordStore {
  private readonly local: LocalTier;

  constructor(
    private readonly shared: KeyValueStore,
    cfg?: GpRecordConfig,
  ) {
    this.local = new LocalTier((cfg?.XCA_LOCAL_FALLBACK_DOCUMENTS ?? 100) * KEYS_PER_DOCUMENT);
  }

  /**
   * The two tiers behind the key layout above. Pointers (patient, history) can change, so the
   * shared store answers first; a document's metadata and bytes never change for its uniqueId, so
   * `immutable` reads this process's copy first and saves a round trip and a parse of ~100 KB+.
   */
  private readonly kv = {
    get: async <T>(key: string): Promise<T | undefined> => (await this.shared.get<T>(key)) ?? this.local.get<T>(key),
    immutable: async <T>(key: string, expiresAt: (value: T) => string): Promise<T | undefined> => {
      const mine = this.local.get<T>(key);
      if (mine !== undefined) return mine;
      const value = await this.shared.get<T>(key);
      if (value !== undefined) {
        // Never outlive the document's own expiry.
        const ttl = Math.min(IMMUTABLE_LOCAL_TTL_MS, Date.parse(expiresAt(value)) - Date.now());
        if (ttl > 0) this.local.set(key, value, ttl);
      }
      return value;
    },
    set: async (key: string, value: unknown, ttlMs: number): Promise<void> => {
      this.local.set(key, value, ttlMs);
      await this.shared.set(key, value, ttlMs);
    },
    delete: async (key: string): Promise<boolean> => {
      this.local.delete(key);
      return this.shared.delete(key);
    },
  };

  async save(doc: StoredGpRecord, ttlMs: number): Promise<void> {
    const m = doc.meta;
    this.local.set(docKey(m.uniqueId), doc.bytes, ttlMs);
    await this.shared.set(docKey(m.uniqueId), doc.bytes.toString('base64'), ttlMs);
    await this.kv.set(`xca:meta:${m.uniqueId}`, m, ttlMs);
    await Promise.all([
      this.kv.set(`xca:uuid:${m.entryUuid}`, m.uniqueId, ttlMs),
      this.kv.set(`xca:uuid:${m.onDemand.entryUuid}`, m.onDemand.uniqueId, ttlMs),
      this.kv.set(`xca:od:${m.onDemand.uniqueId}`, m.uniqueId, ttlMs),
    ]);
    const history = (await this.kv.get<string[]>(historyKey(m.nhsNumber))) ?? [];
    await this.kv.set(historyKey(m.nhsNumber), [m.uniqueId, ...history.filter((u) => u !== m.uniqueId)].slice(0, HISTORY), ttlMs);
    // Written last: a reader that finds the pointer finds the document.
    await this.kv.set(patientKey(m.nhsNumber), m.uniqueId, ttlMs);
  }

  /** The patient's documents still held, newest first, with whether each is the current one. */
  async listFor(nhsNumber: string): Promise<{ meta: GpRecordDocument; current: boolean }[]> {
    const [ids, current] = await Promise.all([this.kv.get<string[]>(historyKey(nhsNumber)), this.kv.get<string>(patientKey(nhsNumber))]);
    const metas = await Promise.all((ids ?? []).map((u) => this.kv.immutable<GpRecordDocument>(`xca:meta:${u}`, metaExpiry)));
    return metas.filter((m): m is GpRecordDocument => !!m).map((m) => ({ meta: m, current: m.uniqueId === current }));
  }

  /** Metadata of the patient's current document (a query never loads the bytes). */
  async currentFor(nhsNumber: string): Promise<GpRecordDocument | undefined> {
    const uid = await this.kv.get<string>(patientKey(nhsNumber));
    return uid ? this.kv.immutable<GpRecordDocument>(`xca:meta:${uid}`, metaExpiry) : undefined;
  }

  /** Metadata by uniqueId: a Stable id, or an On-Demand id standing for the current document. */
  async metaByUniqueId(uniqueId: string): Promise<GpRecordDocument | undefined> {
    const meta = await this.kv.immutable<GpRecordDocument>(`xca:meta:${uniqueId}`, metaExpiry);
    if (meta) return meta;
    const behind = await this.kv.get<string>(`xca:od:${uniqueId}`);
    return behind ? this.kv.immutable<GpRecordDocument>(`xca:meta:${behind}`, metaExpiry) : undefined;
  }

  /** Metadata and bytes by uniqueId, as ITI-39 returns them; undefined unless both are held. */
  async byUniqueId(uniqueId: string): Promise<StoredGpRecord | undefined> {
    const meta = await this.metaByUniqueId(uniqueId);
    if (!meta) return undefined;
    const bytes = await this.bytesOf(meta);
    return bytes === undefined ? undefined : { meta, bytes };
  }

  /** This process's decoded copy, else the shared store's base64, decoded once and kept (never past the expiry). */
  private async bytesOf(meta: GpRecordDocument): Promise<Buffer | undefined> {
    const key = docKey(meta.uniqueId);
    const mine = this.local.get<Buffer>(key);
    if (mine !== undefined) return mine;
    const base64 = await this.shared.get<string>(key);
    if (base64 === undefined) return undefined;
    const bytes = Buffer.from(base64, 'base64');
    const ttl = Math.min(IMMUTABLE_LOCAL_TTL_MS, Date.parse(meta.expiresAt) - Date.now());
    if (ttl > 0) this.local.set(key, bytes, ttl);
    return bytes;
  }

  /** The uniqueId an entryUUID stands for (a Stable or an On-Demand entry). */
  async uniqueIdForEntry(entryUuid: string): Promise<string | undefined> {
    return this.kv.get<string>(`xca:uuid:${entryUuid}`);
  }

  /** Forgets the patient's current document (admin refresh); the next query regenerates it. */
  async forget(nhsNumber: string): Promise<boolean> {
    return this.kv.delete(patientKey(nhsNumber));
  }

  /**
   * Removes every document still held for the patient (bytes, metadata, entry and On-Demand
   * pointers, history, current pointer), in this process and the shared store; returns how many.
   * Other processes' local copies are not reached: their status check withholds them until they expire.
   */
  async purgePatient(nhsNumber: string): Promise<number> {
    const [ids, current] = await Promise.all([this.kv.get<string[]>(historyKey(nhsNumber)), this.kv.get<string>(patientKey(nhsNumber))]);
    const uniqueIds = [...new Set([...(ids ?? []), ...(current ? [current] : [])])];
    let purged = 0;
    for (const uid of uniqueIds) {
      const meta = await this.kv.get<GpRecordDocument>(`xca:meta:${uid}`);
      const keys = [docKey(uid), `xca:meta:${uid}`];
      if (meta) keys.push(`xca:uuid:${meta.entryUuid}`, `xca:uuid:${meta.onDemand.entryUuid}`, `xca:od:${meta.onDemand.uniqueId}`);
      const deleted = await Promise.all(keys.map((k) => this.kv.delete(k)));
      if (deleted.some(Boolean)) purged++;
    }
    await Promise.all([this.kv.delete(historyKey(nhsNumber)), this.kv.delete(patientKey(nhsNumber))]);
    return purged;
  }

  static isOnDemandId(meta: GpRecordDocument, uniqueId: string): boolean {
    return meta.onDemand.uniqueId === uniqueId;
  }
}
