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
var GpRecordDocumentService_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.GpRecordDocumentService = void 0;
const node_crypto_1 = require("node:crypto");
const common_1 = require("@nestjs/common");
const cache_1 = require("../../../cache/src/index.js");
const gp_connect_1 = require("../../../gp-connect/src/index.js");
const observability_1 = require("../../../observability/src/index.js");
const xds_1 = require("../xds");
const ccd_renderer_1 = require("./ccd-renderer");
const ccd_header_util_1 = require("./ccd-header.util");
const gp_record_config_1 = require("./gp-record.config");
const gp_record_store_1 = require("./gp-record.store");
const documentsGenerated = (0, observability_1.counter)('gw_xca_documents_generated_total', 'GP record documents generated (fetched and converted)');
const documentLookups = (0, observability_1.counter)('gw_xca_document_cache_total', 'GP record document lookups by result (hit or miss)', ['result']);
const fetchSeconds = (0, observability_1.histogram)('gw_xca_gp_record_fetch_seconds', 'PDS → SDS → GP Connect fetch and conversion time, by outcome', [
    'outcome',
]);
/**
 * The one living document per patient: the GP record as a C-CDA CCD, generated on demand.
 *
 * A cache hit answers at once. A miss runs PDS → SDS → GP Connect → conversion once per patient
 * however many requests wait for it (single flight), stores bytes and metadata with the configured
 * TTL, and races a deadline: when the deadline wins the caller hears `deadline` while the fetch
 * carries on and fills the cache for the next query.
 */
let GpRecordDocumentService = GpRecordDocumentService_1 = class GpRecordDocumentService {
    fetcher;
    renderer;
    store;
    cfg;
    logger = new common_1.Logger(GpRecordDocumentService_1.name);
    flights = new cache_1.SingleFlight();
    constructor(fetcher, renderer, store, cfg) {
        this.fetcher = fetcher;
        this.renderer = renderer;
        this.store = store;
        this.cfg = cfg;
    }
    /**
     * The patient's current document, generating it on a miss within the deadline. The cache lookup
     * runs inside the patient's flight, so queries arriving together share one lookup and one fetch.
     */
    forPatient(nhsNumber, ctx) {
        return this.within(this.flights.run(`gp-record:${nhsNumber}`, async () => {
            const cached = await this.store.currentFor(nhsNumber);
            if (cached) {
                documentLookups.inc({ result: 'hit' });
                return { kind: 'document', document: cached, cache: 'hit' };
            }
            documentLookups.inc({ result: 'miss' });
            return this.generate(nhsNumber, ctx);
        }));
    }
    /** Drops the cached document and generates a new one (admin refresh). */
    async refresh(nhsNumber, ctx) {
        await this.store.forget(nhsNumber);
        return this.within(this.flights.run(`gp-record:${nhsNumber}`, () => this.generate(nhsNumber, ctx)));
    }
    /** A document by its uniqueId (Stable, or an On-Demand entry's id), when still held. */
    byUniqueId(uniqueId) {
        return this.store.byUniqueId(uniqueId);
    }
    /** The patient's documents still held, newest first (admin). Never generates. */
    listForPatient(nhsNumber) {
        return this.store.listFor(nhsNumber);
    }
    /** The uniqueId behind an entryUUID, when still held. */
    uniqueIdForEntry(entryUuid) {
        return this.store.uniqueIdForEntry(entryUuid);
    }
    /** Races the flight against the deadline; the flight itself is never cancelled. */
    within(flight) {
        let timer;
        const deadline = new Promise((resolve) => {
            timer = setTimeout(() => resolve({ kind: 'deadline' }), this.cfg.XCA_UPSTREAM_DEADLINE_MS);
            timer.unref();
        });
        return Promise.race([flight, deadline]).finally(() => clearTimeout(timer));
    }
    /** Never rejects: every failure is an outcome. */
    async generate(nhsNumber, ctx) {
        const started = process.hrtime.bigint();
        let outcome;
        try {
            outcome = await (0, observability_1.withSpan)('xca.gp_record.generate', { 'gw.request_id': ctx.requestId }, async () => {
                const fetched = await this.fetcher.fetch(nhsNumber, ctx.requester, ctx.requestId);
                if (fetched.kind !== 'record')
                    return mapFailure(fetched);
                return this.convertAndStore(nhsNumber, fetched, ctx);
            });
        }
        catch (e) {
            this.logger.error(`GP record generation failed (request ${ctx.requestId}): ${e.name}: ${e.message}`);
            outcome = { kind: 'failed', system: 'gp-connect' };
        }
        fetchSeconds.observe({ outcome: outcome.kind }, Number(process.hrtime.bigint() - started) / 1e9);
        return outcome;
    }
    async convertAndStore(nhsNumber, fetched, ctx) {
        const previous = await this.store.currentFor(nhsNumber);
        const generatedAt = new Date();
        const uniqueId = (0, xds_1.uuidToOid)((0, node_crypto_1.randomUUID)());
        let rendered;
        try {
            rendered = this.renderer.render(fetched.bundle, {
                uniqueId,
                effectiveTime: generatedAt,
                warnings: fetched.warnings,
                practiceOdsCode: fetched.practiceOdsCode,
            });
        }
        catch (e) {
            this.logger.warn(`GP record could not be converted (request ${ctx.requestId}): ${e.name}: ${e.message}`);
            return { kind: 'failed', system: 'converter' };
        }
        const bytes = Buffer.from(rendered.xml, 'utf8');
        const header = (0, ccd_header_util_1.readCcdHeader)(rendered.xml);
        const ttlMs = this.cfg.XCA_DOCUMENT_TTL_SECONDS * 1000;
        const onDemandUuid = (0, node_crypto_1.randomUUID)();
        const meta = {
            nhsNumber,
            entryUuid: `urn:uuid:${(0, node_crypto_1.randomUUID)()}`,
            uniqueId: header.uniqueId ?? uniqueId,
            onDemand: previous?.meta.onDemand ?? { entryUuid: `urn:uuid:${onDemandUuid}`, uniqueId: (0, xds_1.uuidToOid)(onDemandUuid) },
            mimeType: 'text/xml',
            creationTime: header.creationTime ?? (0, xds_1.toDtm)(generatedAt),
            serviceStartTime: header.serviceStartTime,
            serviceStopTime: header.serviceStopTime,
            hash: (0, xds_1.sha1Hex)(bytes),
            size: bytes.length,
            title: rendered.title,
            practice: { odsCode: fetched.practiceOdsCode, name: rendered.practiceName },
            generatedAt: generatedAt.toISOString(),
            expiresAt: new Date(generatedAt.getTime() + ttlMs).toISOString(),
            notices: rendered.notices,
            conversion: rendered.summary,
        };
        const doc = { meta, content: bytes.toString('base64') };
        await this.store.save(doc, ttlMs);
        documentsGenerated.inc();
        this.logger.log(`GP record document generated (request ${ctx.requestId}, ${meta.size} bytes, ${meta.conversion.mapped} entries)`);
        return { kind: 'document', document: doc, cache: 'miss' };
    }
};
exports.GpRecordDocumentService = GpRecordDocumentService;
exports.GpRecordDocumentService = GpRecordDocumentService = GpRecordDocumentService_1 = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [gp_connect_1.GpRecordFetcher,
        ccd_renderer_1.CcdRenderer,
        gp_record_store_1.GpRecordStore,
        gp_record_config_1.GpRecordConfig])
], GpRecordDocumentService);
function mapFailure(o) {
    switch (o.kind) {
        case 'invalid-nhs-number':
        case 'patient-not-found':
        case 'restricted':
        case 'invalidated':
            return { kind: 'unknown-patient' };
        case 'no-registered-practice':
        case 'practice-not-enabled':
            return { kind: 'practice-unavailable' };
        case 'rate-limited':
            return { kind: 'busy', system: o.service };
        case 'timeout':
        case 'upstream-error':
            return { kind: 'failed', system: o.service };
        case 'gp-connect-error':
            switch (o.code) {
                case 'PATIENT_NOT_FOUND':
                case 'NO_RECORD_FOUND':
                    return { kind: 'no-record' };
                case 'INVALID_NHS_NUMBER':
                case 'INVALID_PATIENT_DEMOGRAPHICS':
                    return { kind: 'unknown-patient' };
                case 'NO_PATIENT_CONSENT':
                    return { kind: 'refused', reason: 'no-consent' };
                case 'NO_RELATIONSHIP':
                case 'NO_ORGANISATION_CONSENT':
                    return { kind: 'refused', reason: 'no-relationship' };
                case 'ACCESS_DENIED':
                    return { kind: 'refused', reason: 'access-denied' };
                default:
                    return { kind: 'failed', system: 'gp-connect' };
            }
    }
}
//# sourceMappingURL=gp-record-document.service.js.map