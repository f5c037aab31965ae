"use strict";
var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};
var __metadata = (this && this.__metadata) || function (k, v) {
    if (typeof Reflect === "object" && typeof Reflect.metadata === "function") return Reflect.metadata(k, v);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.GpRecordStore = void 0;
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const cache_1 = require("../../../cache/src/index.js");
/** Patient keys are pseudonymised, so a key listing never shows an NHS number. */
function pseudonym(nhsNumber) {
    return (0, node_crypto_1.createHash)('sha256').update(`gp-record:${nhsNumber}`).digest('hex').slice(0, 32);
}
function patientKey(nhsNumber) {
    return `xca:patient:${pseudonym(nhsNumber)}`;
}
function historyKey(nhsNumber) {
    return `xca:history:${pseudonym(nhsNumber)}`;
}
/** How many past documents per patient the admin listing remembers. */
const HISTORY = 10;
/**
 * Generated documents in the shared KeyValueStore:
 *   xca:doc:<uniqueId>       → { meta, content }   (the bytes ITI-39 returns)
 *   xca:patient:<pseudonym>  → uniqueId of the patient's current document
 *   xca:uuid:<entryUuid>     → uniqueId            (GetDocuments by entryUUID)
 *   xca:od:<uniqueId>        → uniqueId of the current document behind an On-Demand entry
 *   xca:history:<pseudonym>  → uniqueIds of the patient's recent documents (admin listing)
 * A refresh points the patient at a new document; older ones stay retrievable until they expire.
 */
let GpRecordStore = class GpRecordStore {
    kv;
    constructor(kv) {
        this.kv = kv;
    }
    async save(doc, ttlMs) {
        const m = doc.meta;
        await this.kv.set(`xca:doc:${m.uniqueId}`, doc, ttlMs);
        await Promise.all([
            this.kv.set(`xca:uuid:${m.entryUuid}`, m.uniqueId, ttlMs),
            this.kv.set(`xca:uuid:${m.onDemand.entryUuid}`, m.onDemand.uniqueId, ttlMs),
            this.kv.set(`xca:od:${m.onDemand.uniqueId}`, m.uniqueId, ttlMs),
        ]);
        const history = (await this.kv.get(historyKey(m.nhsNumber))) ?? [];
        await this.kv.set(historyKey(m.nhsNumber), [m.uniqueId, ...history.filter((u) => u !== m.uniqueId)].slice(0, HISTORY), ttlMs);
        // Written last: a reader that finds the pointer finds the document.
        await this.kv.set(patientKey(m.nhsNumber), m.uniqueId, ttlMs);
    }
    /** The patient's documents still held, newest first, with whether each is the current one. */
    async listFor(nhsNumber) {
        const [ids, current] = await Promise.all([this.kv.get(historyKey(nhsNumber)), this.kv.get(patientKey(nhsNumber))]);
        const docs = await Promise.all((ids ?? []).map((u) => this.kv.get(`xca:doc:${u}`)));
        return docs.filter((d) => !!d).map((d) => ({ meta: d.meta, current: d.meta.uniqueId === current }));
    }
    async currentFor(nhsNumber) {
        const uid = await this.kv.get(patientKey(nhsNumber));
        return uid ? this.byUniqueId(uid) : undefined;
    }
    async byUniqueId(uniqueId) {
        const doc = await this.kv.get(`xca:doc:${uniqueId}`);
        if (doc)
            return doc;
        const behind = await this.kv.get(`xca:od:${uniqueId}`);
        return behind ? this.kv.get(`xca:doc:${behind}`) : undefined;
    }
    /** The uniqueId an entryUUID stands for (a Stable or an On-Demand entry). */
    async uniqueIdForEntry(entryUuid) {
        return this.kv.get(`xca:uuid:${entryUuid}`);
    }
    /** Forgets the patient's current document (admin refresh); the next query regenerates it. */
    async forget(nhsNumber) {
        return this.kv.delete(patientKey(nhsNumber));
    }
    static bytes(doc) {
        return Buffer.from(doc.content, 'base64');
    }
    static isOnDemandId(meta, uniqueId) {
        return meta.onDemand.uniqueId === uniqueId;
    }
};
exports.GpRecordStore = GpRecordStore;
exports.GpRecordStore = GpRecordStore = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [cache_1.KeyValueStore])
], GpRecordStore);
//# sourceMappingURL=gp-record.store.js.map