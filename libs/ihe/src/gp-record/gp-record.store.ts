import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { KeyValueStore } from '@gw/cache';
import type { GpRecordDocument, StoredGpRecord } from './gp-record-document';

/** Patient keys are pseudonymised, so a key listing never shows an NHS number. */
function patientKey(nhsNumber: string): string {
  return `xca:patient:${createHash('sha256').update(`gp-record:${nhsNumber}`).digest('hex').slice(0, 32)}`;
}

/**
 * Generated documents in the shared KeyValueStore:
 *   xca:doc:<uniqueId>       → { meta, content }   (the bytes ITI-39 returns)
 *   xca:patient:<pseudonym>  → uniqueId of the patient's current document
 *   xca:uuid:<entryUuid>     → uniqueId            (GetDocuments by entryUUID)
 *   xca:od:<uniqueId>        → uniqueId of the current document behind an On-Demand entry
 * A refresh points the patient at a new document; older ones stay retrievable until they expire.
 */
@Injectable()
export class GpRecordStore {
  constructor(private readonly kv: KeyValueStore) {}

  async save(doc: StoredGpRecord, ttlMs: number): Promise<void> {
    const m = doc.meta;
    await this.kv.set(`xca:doc:${m.uniqueId}`, doc, ttlMs);
    await Promise.all([
      this.kv.set(`xca:uuid:${m.entryUuid}`, m.uniqueId, ttlMs),
      this.kv.set(`xca:uuid:${m.onDemand.entryUuid}`, m.onDemand.uniqueId, ttlMs),
      this.kv.set(`xca:od:${m.onDemand.uniqueId}`, m.uniqueId, ttlMs),
    ]);
    // Written last: a reader that finds the pointer finds the document.
    await this.kv.set(patientKey(m.nhsNumber), m.uniqueId, ttlMs);
  }

  async currentFor(nhsNumber: string): Promise<StoredGpRecord | undefined> {
    const uid = await this.kv.get<string>(patientKey(nhsNumber));
    return uid ? this.byUniqueId(uid) : undefined;
  }

  async byUniqueId(uniqueId: string): Promise<StoredGpRecord | undefined> {
    const doc = await this.kv.get<StoredGpRecord>(`xca:doc:${uniqueId}`);
    if (doc) return doc;
    const behind = await this.kv.get<string>(`xca:od:${uniqueId}`);
    return behind ? this.kv.get<StoredGpRecord>(`xca:doc:${behind}`) : undefined;
  }

  /** The uniqueId an entryUUID stands for (a Stable or an On-Demand entry). */
  async uniqueIdForEntry(entryUuid: string): Promise<string | undefined> {
    return this.kv.get<string>(`xca:uuid:${entryUuid}`);
  }

  /** Forgets the patient's current document (admin refresh); the next query regenerates it. */
  async forget(nhsNumber: string): Promise<boolean> {
    return this.kv.delete(patientKey(nhsNumber));
  }

  static bytes(doc: StoredGpRecord): Buffer {
    return Buffer.from(doc.content, 'base64');
  }

  static isOnDemandId(meta: GpRecordDocument, uniqueId: string): boolean {
    return meta.onDemand.uniqueId === uniqueId;
  }
}
