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
var PatientDiscoveryService_1;
Object.defineProperty(exports, "__esModule", { value: true });
exports.PatientDiscoveryService = void 0;
const common_1 = require("@nestjs/common");
const pds_1 = require("../../../pds/src/index.js");
const ihe_config_1 = require("../ihe.config");
const patient_id_map_store_1 = require("../patient-mapping/patient-id-map.store");
const patient_id_resolver_1 = require("../patient-mapping/patient-id.resolver");
const demographics_match_util_1 = require("./demographics-match.util");
const pds_patient_mapper_1 = require("./pds-patient.mapper");
/** HL7 table 0357 "Unknown key identifier" (PDQv3 unknown otherIDsScopingOrganization). */
const UNKNOWN_KEY = { code: '204', codeSystem: '2.16.840.1.113883.12.357' };
/** XCPD responding-gateway detected issue codes (ITI TF-2 3.55.4.2.2). */
const INTERNAL_ERROR = { code: 'InternalError', codeSystem: '1.3.6.1.4.1.19376.1.2.27.3' };
function empty(queryResponseCode, ack, details = []) {
    return { ack, queryResponseCode, details, patients: [], detectedIssues: [] };
}
function nhsNumberOf(p) {
    return p.identifier?.find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number')?.value ?? p.id;
}
/**
 * Patient discovery for ITI-47 and ITI-55 against PDS (ihe-transactions.md §8.3): identifiers
 * (NHS number, or a mapped CEID) are read, demographics are searched, and a record is disclosed
 * only when it is unrestricted and the query's demographics confirm it. Restricted, invalidated,
 * ambiguous and unconfirmed records are all answered as NF, indistinguishably.
 */
let PatientDiscoveryService = PatientDiscoveryService_1 = class PatientDiscoveryService {
    pds;
    cfg;
    resolver;
    idMap;
    logger = new common_1.Logger(PatientDiscoveryService_1.name);
    constructor(pds, cfg, resolver, idMap) {
        this.pds = pds;
        this.cfg = cfg;
        this.resolver = resolver;
        this.idMap = idMap;
    }
    async discover(q, mode, ctx) {
        if (!q.queryByParameter) {
            return {
                response: empty('AE', 'AR', [{ typeCode: 'E', text: 'The message has no controlActProcess/queryByParameter' }]),
                audit: { outcome: 'refused', detail: 'no-query' },
            };
        }
        if (mode === 'PDQ') {
            const unknown = q.otherIdsScopingOrganizations.filter((o) => !this.isKnownDomain(o.root));
            if (unknown.length) {
                return {
                    response: empty('AE', 'AE', unknown.map((o) => ({ typeCode: 'E', code: UNKNOWN_KEY, text: `Unknown identifier domain ${o.root}`, location: o.location }))),
                    audit: { outcome: 'query-error', detail: 'unknown-domain' },
                };
            }
        }
        const problems = [...q.problems];
        const candidates = new Set();
        const toMap = [];
        for (const id of q.ids) {
            const r = await this.resolver.resolve(id.root, id.extension);
            if (r.kind === 'nhs-number')
                candidates.add(r.nhsNumber);
            else if (r.kind === 'invalid-nhs-number')
                problems.push({ parameter: 'livingSubjectId', message: 'The NHS number fails the NHS number check', location: id.location });
            else if (r.kind === 'unmapped')
                toMap.push({ root: (0, ihe_config_1.oidOf)(id.root), extension: id.extension });
        }
        if (problems.length) {
            return {
                response: empty('QE', 'AE', problems.map((p) => ({ typeCode: 'E', text: p.message, location: p.location }))),
                audit: { outcome: 'query-error', detail: `malformed:${[...new Set(problems.map((p) => p.parameter))].join(',')}` },
            };
        }
        if (candidates.size > 1)
            return this.notFound('ambiguous-identifiers');
        let patient;
        let nhsNumber;
        if (candidates.size === 1) {
            nhsNumber = [...candidates][0];
            if (!(0, demographics_match_util_1.hasConfirmingDemographics)(q) && !this.cfg.PDQ_ALLOW_ID_ONLY_MATCH)
                return this.notFound('id-without-demographics', nhsNumber);
            const read = await this.readFollowingSupersession(nhsNumber, ctx);
            if (read.kind !== 'found')
                return this.fromReadOutcome(read, mode, nhsNumber, ctx);
            patient = read.patient;
            nhsNumber = nhsNumberOf(patient) ?? nhsNumber;
            if ((0, demographics_match_util_1.hasConfirmingDemographics)(q)) {
                const check = (0, demographics_match_util_1.checkDemographics)(q, patient);
                if (!check.ok)
                    return this.notFound(`demographics-${check.reason}${check.field ? ':' + check.field : ''}`, nhsNumber);
            }
        }
        else {
            if (!(0, demographics_match_util_1.hasConfirmingDemographics)(q) || !/^\d{4}-\d{2}-\d{2}$/.test(q.birthDate))
                return this.notFound('insufficient-demographics');
            const search = await this.pds.search({
                family: q.family,
                given: q.given.length ? [q.given[0]] : undefined,
                gender: q.gender === 'M' ? 'male' : q.gender === 'F' ? 'female' : undefined,
                birthdate: `eq${q.birthDate}`,
                postcode: q.postcode,
            }, { requestId: ctx.requestId });
            switch (search.kind) {
                case 'matches':
                    break;
                case 'none':
                    return this.notFound('pds:none');
                case 'too-many':
                    return this.notFound('pds:too-many');
                case 'restricted':
                    return this.notFound('pds:restricted');
                case 'invalid':
                    return this.notFound('pds:search-invalid');
                default:
                    return this.failure(search, mode, undefined, ctx);
            }
            if (search.patients.length !== 1)
                return this.notFound('pds:ambiguous');
            const found = nhsNumberOf(search.patients[0]);
            if (!found)
                return this.notFound('pds:no-nhs-number');
            // The search entry is a subset of the record: read the full record (and its current state).
            const read = await this.readFollowingSupersession(found, ctx);
            if (read.kind !== 'found')
                return this.fromReadOutcome(read, mode, found, ctx);
            patient = read.patient;
            nhsNumber = nhsNumberOf(patient) ?? found;
            const check = (0, demographics_match_util_1.checkDemographics)(q, patient);
            if (!check.ok)
                return this.notFound(`demographics-${check.reason}${check.field ? ':' + check.field : ''}`, nhsNumber);
        }
        for (const m of toMap)
            await this.idMap.put(m.root, m.extension, nhsNumber, 'query');
        const otherIds = mode === 'PDQ' ? await this.otherIds(q, nhsNumber) : [];
        const disclosed = (0, pds_patient_mapper_1.toDiscoveredPatient)(patient, nhsNumber, otherIds);
        return {
            response: { ack: 'AA', queryResponseCode: 'OK', details: [], patients: [disclosed], detectedIssues: [] },
            nhsNumber,
            audit: { outcome: 'success', detail: `match${disclosed.deceased ? ':deceased' : ''}${toMap.length ? ':mapped-id-stored' : ''}` },
        };
    }
    isKnownDomain(root) {
        const oid = (0, ihe_config_1.oidOf)(root);
        return oid === ihe_config_1.NHS_NUMBER_OID || this.idMap.isMappedAuthority(oid);
    }
    /** PDQv3 asOtherIDs: mapped ids of the requested domains (all mapped ids when none is named). */
    async otherIds(q, nhsNumber) {
        const wanted = new Set(q.otherIdsScopingOrganizations.map((o) => (0, ihe_config_1.oidOf)(o.root)));
        const mapped = await this.idMap.forNhsNumber(nhsNumber);
        return mapped.filter((m) => !wanted.size || wanted.has(m.root)).map((m) => ({ root: m.root, extension: m.extension }));
    }
    /** A superseded number continues with the replacement record (PDS returns it under its new id). */
    async readFollowingSupersession(nhsNumber, ctx) {
        const read = await this.pds.read(nhsNumber, { requestId: ctx.requestId });
        if (read.kind !== 'superseded')
            return read;
        if (read.patient)
            return { kind: 'found', patient: read.patient, deceased: Boolean(read.patient.deceasedDateTime || read.patient.deceasedBoolean) };
        const next = await this.pds.read(read.newNhsNumber, { requestId: ctx.requestId });
        return next.kind === 'superseded' ? { kind: 'not-found' } : next;
    }
    fromReadOutcome(read, mode, nhsNumber, ctx) {
        switch (read.kind) {
            case 'not-found':
            case 'superseded':
                return this.notFound('pds:not-found', nhsNumber);
            case 'invalid':
                return this.notFound('pds:invalid', nhsNumber);
            case 'restricted':
                return this.notFound('pds:restricted', nhsNumber);
            case 'invalidated':
                return this.notFound('pds:invalidated', nhsNumber);
            default:
                return this.failure(read, mode, nhsNumber, ctx);
        }
    }
    notFound(detail, nhsNumber) {
        return { response: empty('NF', 'AA'), nhsNumber, audit: { outcome: 'not-found', detail } };
    }
    failure(f, mode, nhsNumber, ctx) {
        const why = f.kind === 'rate-limited' ? 'busy' : f.kind === 'timeout' ? 'did not answer in time' : 'is unavailable';
        this.logger.warn(`[${ctx.requestId}] PDS ${f.kind}${'status' in f && f.status ? ` (HTTP ${f.status})` : ''}: answering AE`);
        const response = empty('AE', 'AE', [{ typeCode: 'E', text: `The patient demographics service ${why}; try again later` }]);
        if (mode === 'XCPD')
            response.detectedIssues.push(INTERNAL_ERROR);
        return { response, nhsNumber, audit: { outcome: 'error', detail: `pds:${f.kind}` } };
    }
};
exports.PatientDiscoveryService = PatientDiscoveryService;
exports.PatientDiscoveryService = PatientDiscoveryService = PatientDiscoveryService_1 = __decorate([
    (0, common_1.Injectable)(),
    __metadata("design:paramtypes", [pds_1.PdsClient,
        ihe_config_1.IheConfig,
        patient_id_resolver_1.PatientIdResolver,
        patient_id_map_store_1.PatientIdMapStore])
], PatientDiscoveryService);
//# sourceMappingURL=patient-discovery.service.js.map