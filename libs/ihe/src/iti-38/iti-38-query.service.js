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
exports.Iti38QueryService = void 0;
const common_1 = require("@nestjs/common");
const document_entry_factory_1 = require("../gp-record/document-entry.factory");
const gp_record_document_service_1 = require("../gp-record/gp-record-document.service");
const gp_record_config_1 = require("../gp-record/gp-record.config");
const patient_id_resolver_1 = require("../patient-mapping/patient-id.resolver");
const UNKNOWN_PATIENT = { code: 'XDSUnknownPatientId', context: 'The patient identifier is not known to this community.' };
/**
 * ITI-38 business logic after the request passed stored-query validation: resolve the patient,
 * obtain the GP record document (cache or generate within the deadline) and publish its entries.
 * Upstream outcomes map to registry answers as ihe-transactions.md §5.4 recommends; an unknown
 * and a restricted patient get the same answer.
 */
let Iti38QueryService = class Iti38QueryService {
    documents;
    entries;
    cfg;
    resolver;
    constructor(documents, entries, cfg, resolver) {
        this.documents = documents;
        this.entries = entries;
        this.cfg = cfg;
        this.resolver = resolver;
    }
    async execute(plan, ctx) {
        switch (plan.kind) {
            case 'none':
                return { entries: [], errors: [], outcome: 'empty' };
            case 'get':
                return this.getDocuments(plan.by, plan.ids);
            case 'find':
                return this.findDocuments(plan, ctx);
        }
    }
    async findDocuments(plan, ctx) {
        const nhsNumber = await this.resolvePatient(plan.patient);
        if (!nhsNumber)
            return { entries: [], errors: [UNKNOWN_PATIENT], outcome: 'unknown-patient' };
        const answer = await this.documents.forPatient(nhsNumber, ctx);
        if (answer.kind !== 'document')
            return { ...this.mapOutcome(answer), nhsNumber };
        const meta = answer.document.meta;
        const candidates = [this.entries.stable(meta), this.entries.onDemand(meta)];
        const entries = candidates.filter((e) => plan.predicates.every((p) => p(e)));
        return { entries, errors: plan.warnings, nhsNumber, outcome: `documents-${answer.cache}` };
    }
    /** NHS number directly, or a mapped id (CEID) through the mapping store; anything else is unknown. */
    async resolvePatient(cx) {
        if (cx.authorityType.toUpperCase() !== 'ISO')
            return undefined;
        const r = await this.resolver.resolve(cx.authority, cx.id);
        return r.kind === 'nhs-number' ? r.nhsNumber : undefined;
    }
    mapOutcome(o) {
        const fail = (e) => ({ entries: [], errors: [e], outcome: o.kind });
        switch (o.kind) {
            case 'unknown-patient':
                return fail(UNKNOWN_PATIENT);
            case 'no-record':
                return { entries: [], errors: [], outcome: o.kind };
            case 'practice-unavailable':
                return {
                    entries: [],
                    errors: [{ code: 'XDSRegistryError', severity: 'warning', context: "The patient's GP practice does not offer GP Connect record access." }],
                    outcome: o.kind,
                };
            case 'refused':
                if (o.reason === 'no-consent') {
                    if (this.cfg.XCA_NO_CONSENT_POLICY === 'empty')
                        return { entries: [], errors: [], outcome: 'no-consent' };
                    return fail({ code: 'XDSRegistryError', context: 'The patient has not consented to sharing their GP record.' });
                }
                return fail({
                    code: 'XDSRegistryError',
                    context: o.reason === 'no-relationship'
                        ? 'The GP practice did not accept this request (no legitimate relationship or organisation consent).'
                        : 'The GP practice does not allow GP Connect record access.',
                });
            case 'busy':
                return fail({ code: 'XDSRegistryBusy', context: 'An NHS service is rate-limiting requests; try again shortly.' });
            case 'deadline':
                return fail({ code: 'XDSRegistryBusy', context: 'The GP record is still being retrieved; repeat the query shortly.' });
            case 'failed':
                return fail({ code: 'XDSRegistryError', context: `The GP record could not be obtained (${SYSTEM_NAMES[o.system]}); try again later.` });
        }
    }
    async getDocuments(by, ids) {
        const found = new Map();
        const patients = new Set();
        for (const raw of ids) {
            const id = by === 'entryUuid' && !raw.startsWith('urn:uuid:') ? `urn:uuid:${raw}` : raw;
            const uniqueId = by === 'uniqueId' ? id : await this.documents.uniqueIdForEntry(id);
            const stored = uniqueId ? await this.documents.byUniqueId(uniqueId) : undefined;
            if (!stored)
                continue;
            const entry = this.pick(stored.meta, by === 'uniqueId' ? uniqueId : id, by);
            if (!entry)
                continue;
            found.set(entry.entryUuid, entry);
            patients.add(stored.meta.nhsNumber);
        }
        if (patients.size > 1) {
            return {
                entries: [],
                errors: [{ code: 'XDSResultNotSinglePatient', context: 'The requested documents belong to more than one patient.' }],
                outcome: 'not-single-patient',
            };
        }
        return { entries: [...found.values()], errors: [], nhsNumber: [...patients][0], outcome: found.size ? 'documents-hit' : 'none-found' };
    }
    pick(m, id, by) {
        const isOnDemand = by === 'uniqueId' ? m.onDemand.uniqueId === id : m.onDemand.entryUuid === id;
        if (isOnDemand)
            return this.entries.onDemand(m);
        const isStable = by === 'uniqueId' ? m.uniqueId === id : m.entryUuid === id;
        return isStable ? this.entries.stable(m) : undefined;
    }
};
exports.Iti38QueryService = Iti38QueryService;
exports.Iti38QueryService = Iti38QueryService = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [gp_record_document_service_1.GpRecordDocumentService,
        document_entry_factory_1.DocumentEntryFactory,
        gp_record_config_1.GpRecordConfig,
        patient_id_resolver_1.PatientIdResolver])
], Iti38QueryService);
const SYSTEM_NAMES = {
    pds: 'PDS did not answer correctly',
    sds: 'the NHS directory did not answer correctly',
    'gp-connect': 'GP Connect did not answer correctly',
    converter: 'the GP record could not be converted to a CDA document',
    cache: 'document storage is unavailable',
};
//# sourceMappingURL=iti-38-query.service.js.map