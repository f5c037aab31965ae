import { Injectable, Logger } from '@nestjs/common';
import type { Patient } from 'fhir/r4';
import type { RequesterIdentity } from '@gw/identity';
import type { AuditOutcome } from '@gw/audit';
import { CacheWriteError } from '@gw/cache';
import { PdsClient, type PdsFailure, type PdsReadOutcome, type PdsSearchQuery } from '@gw/pds';
import { IheConfig } from '../ihe.config';
import { PatientMatchStore } from '@gw/patient';
import { requesterKeyOf, type RequesterKey } from '@gw/patient';
import { PatientIdMapStore } from '@gw/patient';
import { PatientIdOwnership } from '@gw/patient';
import { PatientIdResolver } from '@gw/patient';
import { disclosureDecisionOf, readCurrentRecord } from '@gw/patient';
import { PatientStatusService } from '@gw/patient';
import { checkDemographics, hasConfirmingDemographics } from '../hl7v3/demographics-match.util';
import { toDiscoveredPatient } from '../hl7v3/pds-patient.mapper';
import type { AckDetail, DiscoveryResponse } from '../hl7v3/prpa-in201306.builder';
import type { PatientDiscoveryQuery } from '../hl7v3/pdq-query.parser';
import { NHS_NUMBER_OID, stripUrnOid } from '@gw/hl7-datatypes';

export type DiscoveryMode = 'PDQ' | 'XCPD';

export interface DiscoveryContext {
  requestId: string;
  identity: RequesterIdentity;
}

export interface DiscoveryResult {
  response: DiscoveryResponse;
  /** The patient disclosed or looked at (for the audit pseudonym only). */
  nhsNumber?: string;
  audit: { outcome: AuditOutcome; detail: string };
}

/** HL7 table 0357 "Unknown key identifier" (PDQv3 unknown otherIDsScopingOrganization). */
const UNKNOWN_KEY = { code: '204', codeSystem: '2.16.840.1.113883.12.357' };
/** HL7 AcknowledgementDetailCode INTERR: internal (here: upstream) system error. */
const INTERNAL_ACK_DETAIL = { code: 'INTERR', codeSystem: '2.16.840.1.113883.5.1100' };
/** XCPD responding-gateway detected issue codes (ITI TF-2 3.55.4.2.2). */
const INTERNAL_ERROR = { code: 'InternalError', codeSystem: '1.3.6.1.4.1.19376.1.2.27.3' };

function empty(
  queryResponseCode: DiscoveryResponse['queryResponseCode'],
  ack: DiscoveryResponse['ack'],
  details: AckDetail[] = [],
): DiscoveryResponse {
  return { ack, queryResponseCode, details, patients: [], detectedIssues: [] };
}

function nhsNumberOf(p: Patient): string | undefined {
  return p.identifier?.find((i) => i.system === 'https://fhir.nhs.uk/Id/nhs-number')?.value ?? p.id;
}

/**
 * Patient discovery for ITI-47 and ITI-55 against PDS (ihe-transactions.md §8.3): identifiers
 * (NHS number, or a mapped CEID) are read, demographics are searched, and a record is disclosed
 * only when it is unrestricted and the query's demographics confirm it. Restricted, invalidated,
 * ambiguous and unconfirmed records are all answered as NF, indistinguishably. Ids of a mapped
 * authority are accepted only from its owner (PatientIdOwnership); a match the demographics
 * confirmed is remembered for the requester (PatientMatchStore), which lets XCA answer them.
 */
@Injectable()
export class PatientDiscoveryService {
  private readonly logger = new Logger(PatientDiscoveryService.name);

  constructor(
    private readonly pds: PdsClient,
    private readonly cfg: IheConfig,
    private readonly resolver: PatientIdResolver,
    private readonly idMap: PatientIdMapStore,
    private readonly ownership: PatientIdOwnership,
    private readonly matches: PatientMatchStore,
    private readonly status: PatientStatusService,
  ) {}

  async discover(q: PatientDiscoveryQuery, mode: DiscoveryMode, ctx: DiscoveryContext): Promise<DiscoveryResult> {
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
          response: empty(
            'AE',
            'AE',
            unknown.map((o) => ({
              typeCode: 'E' as const,
              code: UNKNOWN_KEY,
              text: `Unknown identifier domain ${o.root}`,
              location: o.location,
            })),
          ),
          audit: { outcome: 'query-error', detail: 'unknown-domain' },
        };
      }
    }
    const requester = requesterKeyOf(ctx.identity);
    const problems = [...q.problems];
    const notOwned: AckDetail[] = [];
    const candidates = new Set<string>();
    const toMap: Array<{ root: string; extension: string }> = [];
    for (const id of q.ids) {
      const r = await this.resolver.resolve(id.root, id.extension);
      if (r.kind === 'nhs-number') candidates.add(r.nhsNumber);
      else if (r.kind === 'invalid-nhs-number')
        problems.push({ parameter: 'livingSubjectId', message: 'The NHS number fails the NHS number check', location: id.location });
      else if (r.kind === 'too-long')
        problems.push({
          parameter: 'livingSubjectId',
          message: `The patient identifier is longer than ${r.maxLength} characters`,
          location: id.location,
        });
      else if (r.kind === 'unmapped' && !toMap.some((m) => m.root === stripUrnOid(id.root) && m.extension === id.extension))
        toMap.push({ root: stripUrnOid(id.root), extension: id.extension });
      if (r.kind === 'unmapped' || (r.kind === 'nhs-number' && r.via === 'mapping')) {
        const may = await this.ownership.mayAssert(id.root, requester);
        if (!may.ok) notOwned.push({ typeCode: 'E', text: may.reason, location: id.location });
      }
    }
    if (problems.length) {
      return {
        response: empty(
          'QE',
          'AE',
          problems.map((p) => ({ typeCode: 'E' as const, text: p.message, location: p.location })),
        ),
        audit: { outcome: 'query-error', detail: `malformed:${[...new Set(problems.map((p) => p.parameter))].join(',')}` },
      };
    }
    // Checked before any PDS call: nobody may assert (or learn through) another organisation's ids.
    if (notOwned.length) return { response: empty('AE', 'AE', notOwned), audit: { outcome: 'refused', detail: 'patient-id-not-owned' } };
    if (candidates.size > 1) return this.notFound('ambiguous-identifiers');

    let patient: Patient | undefined;
    let nhsNumber: string | undefined;
    if (candidates.size === 1) {
      nhsNumber = [...candidates][0];
      if (!hasConfirmingDemographics(q) && !this.cfg.PDQ_ALLOW_ID_ONLY_MATCH) return this.notFound('id-without-demographics', nhsNumber);
      const read = await this.readCurrent(nhsNumber, ctx);
      if (read.kind !== 'found') return this.fromReadOutcome(read, mode, nhsNumber, ctx);
      patient = read.patient;
      nhsNumber = nhsNumberOf(patient) ?? nhsNumber;
      if (hasConfirmingDemographics(q)) {
        const check = checkDemographics(q, patient);
        if (!check.ok) return this.notFound(`demographics-${check.reason}${check.field ? ':' + check.field : ''}`, nhsNumber);
      }
    } else {
      if (!hasConfirmingDemographics(q) || !/^\d{4}-\d{2}-\d{2}$/.test(q.birthDate!)) return this.notFound('insufficient-demographics');
      const criteria: PdsSearchQuery = {
        family: q.family,
        given: q.given.length ? [q.given[0]] : undefined,
        gender: q.gender === 'M' ? 'male' : q.gender === 'F' ? 'female' : undefined,
        birthdate: `eq${q.birthDate}`,
      };
      // The postcode only narrows a search that found several people: patients move, and a stale
      // address in the caller's record must not hide the right one.
      let search = await this.pds.search(criteria, { requestId: ctx.requestId });
      if (search.kind === 'too-many' && q.postcode)
        search = await this.pds.search({ ...criteria, postcode: q.postcode }, { requestId: ctx.requestId });
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
      if (search.patients.length !== 1) return this.notFound('pds:ambiguous');
      const found = nhsNumberOf(search.patients[0]);
      if (!found) return this.notFound('pds:no-nhs-number');
      // The search entry is a subset of the record: read the full record (and its current state).
      const read = await this.readCurrent(found, ctx);
      if (read.kind !== 'found') return this.fromReadOutcome(read, mode, found, ctx);
      patient = read.patient;
      nhsNumber = nhsNumberOf(patient) ?? found;
      const check = checkDemographics(q, patient);
      if (!check.ok) return this.notFound(`demographics-${check.reason}${check.field ? ':' + check.field : ''}`, nhsNumber);
    }

    if (ctx.identity.resourceId) {
      // The XUA assertion names its patient: never disclose another one.
      const allowed = await this.resolver.resolveCx(ctx.identity.resourceId);
      if (allowed.kind === 'nhs-number' && allowed.nhsNumber !== nhsNumber) return this.notFound('xua-resource-id-mismatch', nhsNumber);
    }
    if (toMap.length) {
      const refusal = requester ? await this.ownership.admit(toMap, nhsNumber, requester) : 'No organisation to own the patient ids';
      if (refusal)
        return {
          response: empty('AE', 'AE', [{ typeCode: 'E', text: refusal }]),
          nhsNumber,
          audit: { outcome: 'refused', detail: 'patient-id-refused' },
        };
    }
    try {
      for (const m of toMap) await this.idMap.put(m.root, m.extension, nhsNumber, 'query');
    } catch (e) {
      if (e instanceof CacheWriteError) return this.mappingNotStored(mode, nhsNumber, ctx);
      throw e;
    }
    if (requester && hasConfirmingDemographics(q)) await this.matches.record(requester, nhsNumber);
    const otherIds = mode === 'PDQ' ? await this.otherIds(q, nhsNumber, requester) : [];
    const disclosed = toDiscoveredPatient(patient, nhsNumber, otherIds);
    return {
      response: { ack: 'AA', queryResponseCode: 'OK', details: [], patients: [disclosed], detectedIssues: [] },
      nhsNumber,
      audit: { outcome: 'success', detail: `match${disclosed.deceased ? ':deceased' : ''}${toMap.length ? ':mapped-id-stored' : ''}` },
    };
  }

  private isKnownDomain(root: string): boolean {
    const oid = stripUrnOid(root);
    return oid === NHS_NUMBER_OID || this.idMap.isMappedAuthority(oid);
  }

  /**
   * PDQv3 asOtherIDs: mapped ids of the requested domains (all when none is named), of the
   * authorities the requester owns only: another organisation's ids are never shown.
   */
  private async otherIds(
    q: PatientDiscoveryQuery,
    nhsNumber: string,
    requester: RequesterKey | undefined,
  ): Promise<Array<{ root: string; extension: string }>> {
    const wanted = new Set(q.otherIdsScopingOrganizations.map((o) => stripUrnOid(o.root)));
    const own: Array<{ root: string; extension: string }> = [];
    for (const m of await this.idMap.forNhsNumber(nhsNumber)) {
      if ((!wanted.size || wanted.has(m.root)) && (await this.ownership.mayResolve(m.root, requester)))
        own.push({ root: m.root, extension: m.extension });
    }
    return own;
  }

  /** The current record (supersession followed); what PDS says is also the patient's status for XCA. */
  private async readCurrent(nhsNumber: string, ctx: DiscoveryContext): Promise<PdsReadOutcome> {
    const read = await readCurrentRecord(this.pds, nhsNumber, { requestId: ctx.requestId });
    await this.status.note(nhsNumber, read);
    return read;
  }

  private fromReadOutcome(
    read: Exclude<PdsReadOutcome, { kind: 'found' }>,
    mode: DiscoveryMode,
    nhsNumber: string,
    ctx: DiscoveryContext,
  ): DiscoveryResult {
    const decision = disclosureDecisionOf(read);
    if (decision.kind === 'unavailable') return this.failure(decision.failure, mode, nhsNumber, ctx);
    return this.notFound(decision.kind === 'withheld' ? decision.reason : 'pds:not-found', nhsNumber);
  }

  private notFound(detail: string, nhsNumber?: string): DiscoveryResult {
    return { response: empty('NF', 'AA'), nhsNumber, audit: { outcome: 'not-found', detail } };
  }

  /**
   * A learnt patient id that could not be stored: answering OK would tell the caller its id now
   * works when a later query by it would not. AE with an internal-error detail is what an
   * initiating gateway treats as transient and retries; the match itself is not disclosed.
   */
  private mappingNotStored(mode: DiscoveryMode, nhsNumber: string, ctx: DiscoveryContext): DiscoveryResult {
    this.logger.warn(`[${ctx.requestId}] patient id mapping not stored (cache unavailable): answering AE`);
    const response = empty('AE', 'AE', [
      { typeCode: 'E', code: INTERNAL_ACK_DETAIL, text: 'The patient identifier could not be recorded; try again later' },
    ]);
    if (mode === 'XCPD') response.detectedIssues.push(INTERNAL_ERROR);
    return { response, nhsNumber, audit: { outcome: 'error', detail: 'mapping-not-stored' } };
  }

  private failure(f: PdsFailure, mode: DiscoveryMode, nhsNumber: string | undefined, ctx: DiscoveryContext): DiscoveryResult {
    const why = f.kind === 'rate-limited' ? 'busy' : f.kind === 'timeout' ? 'did not answer in time' : 'is unavailable';
    this.logger.warn(`[${ctx.requestId}] PDS ${f.kind}${'status' in f && f.status ? ` (HTTP ${f.status})` : ''}: answering AE`);
    const response = empty('AE', 'AE', [
      { typeCode: 'E', code: INTERNAL_ACK_DETAIL, text: `The patient demographics service ${why}; try again later` },
    ]);
    if (mode === 'XCPD') response.detectedIssues.push(INTERNAL_ERROR);
    return { response, nhsNumber, audit: { outcome: 'error', detail: `pds:${f.kind}` } };
  }
}
