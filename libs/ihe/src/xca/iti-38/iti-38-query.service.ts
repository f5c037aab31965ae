import { Injectable } from '@nestjs/common';
import type { AuditOutcome } from '@gw/audit';
import { type DocumentEntryMetadata, type RegistryErrorEntry } from '../../xds';
import { DocumentEntryFactory } from '../document-entry.factory';
import { GpRecordDocumentService, type DocumentRequestContext } from '@gw/gp-record';
import { XcaConfig } from '../xca.config';
import type { GpRecordDocument } from '@gw/gp-record';
import type { PatientDocumentOutcome, UpstreamSystem } from '@gw/gp-record';
import { PatientAccessPolicy } from '@gw/patient';
import { PatientIdResolver } from '@gw/patient';
import { PatientStatusService } from '@gw/patient';
import type { StoredQueryPlan } from './stored-query.plan';
import type { AdhocQueryBounds } from './adhoc-query.request';

export interface QueryOutcome {
  entries: DocumentEntryMetadata[];
  errors: RegistryErrorEntry[];
  /** For the audit record: the NHS number the query was answered for, when resolved. */
  nhsNumber?: string;
  /** Short machine label of how the query ended (metrics, audit). */
  outcome: string;
  /**
   * What the answer was, for the audit record, decided where the registry answer is chosen: an
   * access-policy refusal is answered as an unknown patient but recorded as what it was.
   */
  audit: AuditOutcome;
}

const UNKNOWN_PATIENT: RegistryErrorEntry = {
  code: 'XDSUnknownPatientId',
  context: 'The patient identifier is not known to this community.',
};

/**
 * ITI-38 business logic after the request passed stored-query validation: resolve the patient,
 * obtain the GP record document (cache or generate within the deadline) and publish its entries.
 * Upstream outcomes map to registry answers as ihe-transactions.md §5.4 recommends; an unknown
 * and a restricted patient get the same answer. A patient is answered only for a requester the
 * access policy allows (a prior demographic match, or the owner of the id), and a cached document
 * only after the patient's current PDS status allows it.
 */
@Injectable()
export class Iti38QueryService {
  constructor(
    private readonly documents: GpRecordDocumentService,
    private readonly entries: DocumentEntryFactory,
    private readonly cfg: XcaConfig,
    private readonly resolver: PatientIdResolver,
    private readonly access: PatientAccessPolicy,
    private readonly status: PatientStatusService,
  ) {}

  /** How many Slots and Values one query may carry (checked while the request is read). */
  get bounds(): AdhocQueryBounds {
    return { maxSlots: this.cfg.XCA_QUERY_MAX_SLOTS, maxValues: this.cfg.XCA_QUERY_MAX_SLOT_VALUES };
  }

  async execute(plan: StoredQueryPlan, ctx: DocumentRequestContext): Promise<QueryOutcome> {
    switch (plan.kind) {
      case 'get':
        return this.getDocuments(plan.by, plan.ids, await this.resolver.assertedPatient(ctx.requester), ctx);
      case 'find':
        return this.findDocuments(plan, ctx);
    }
  }

  private async findDocuments(plan: Extract<StoredQueryPlan, { kind: 'find' }>, ctx: DocumentRequestContext): Promise<QueryOutcome> {
    const access = await this.access.patientFor(plan.patient, ctx.requester);
    // Ignored-parameter warnings go with every answer, not only the successful ones.
    if (access.refused)
      return {
        entries: [],
        errors: [UNKNOWN_PATIENT, ...plan.warnings],
        nhsNumber: access.nhsNumber,
        outcome: access.refused,
        audit: access.refused === 'unknown-patient' ? 'not-found' : 'refused',
      };
    const { nhsNumber } = access;
    const asserted = await this.resolver.assertedPatient(ctx.requester);
    if (asserted && asserted !== nhsNumber) {
      // Checked before any NHS call: the assertion's patient decides what may be disclosed.
      return {
        entries: [],
        errors: [
          { code: 'XDSRegistryError', context: 'The queried patient is not the patient named in the XUA assertion (resource-id).' },
          ...plan.warnings,
        ],
        outcome: 'xua-resource-id-mismatch',
        audit: 'refused',
      };
    }
    const answer = await this.documents.forPatient(nhsNumber, ctx);
    if (answer.kind !== 'document') {
      if (answer.kind === 'unknown-patient') await this.status.withhold(nhsNumber, 'gp-record:unknown-patient');
      const mapped = this.mapOutcome(answer);
      return { ...mapped, errors: [...mapped.errors, ...plan.warnings], nhsNumber };
    }
    // A document generated now passed its own PDS read; a cached one is checked against PDS first.
    if (answer.cache === 'miss') await this.status.remember(nhsNumber, 'disclosable');
    const status = answer.cache === 'hit' ? await this.status.check(nhsNumber, ctx) : 'disclosable';
    if (status === 'withheld')
      return { entries: [], errors: [UNKNOWN_PATIENT, ...plan.warnings], nhsNumber, outcome: 'unknown-patient', audit: 'not-found' };
    if (status === 'unavailable') {
      const mapped = this.mapOutcome({ kind: 'failed', system: 'pds' });
      return { ...mapped, errors: [...mapped.errors, ...plan.warnings], nhsNumber };
    }
    const meta = answer.document;
    const candidates = [this.entries.stable(meta), this.entries.onDemand(meta)];
    const entries = candidates.filter((e) => plan.predicates.every((p) => p(e)));
    return {
      entries,
      errors: plan.warnings,
      nhsNumber,
      outcome: `documents-${answer.cache}`,
      audit: entries.length ? 'success' : 'not-found',
    };
  }

  /** The one translation of an upstream outcome into the registry answer and its audit outcome. */
  private mapOutcome(o: Exclude<PatientDocumentOutcome, { kind: 'document' }>): QueryOutcome {
    const fail = (e: RegistryErrorEntry, audit: AuditOutcome = 'error'): QueryOutcome => ({
      entries: [],
      errors: [e],
      outcome: o.kind,
      audit,
    });
    switch (o.kind) {
      case 'unknown-patient':
        return fail(UNKNOWN_PATIENT, 'not-found');
      case 'no-record':
        return { entries: [], errors: [], outcome: o.kind, audit: 'not-found' };
      case 'practice-unavailable':
        return {
          entries: [],
          errors: [
            {
              code: 'XDSRegistryError',
              severity: 'warning',
              context: "The patient's GP practice does not offer GP Connect record access.",
            },
          ],
          outcome: o.kind,
          audit: 'not-found',
        };
      case 'refused':
        if (o.reason === 'no-consent') {
          if (this.cfg.XCA_NO_CONSENT_POLICY === 'empty') return { entries: [], errors: [], outcome: 'no-consent', audit: 'not-found' };
          return fail({ code: 'XDSRegistryError', context: 'The patient has not consented to sharing their GP record.' }, 'refused');
        }
        return fail(
          {
            code: 'XDSRegistryError',
            context:
              o.reason === 'no-relationship'
                ? 'The GP practice did not accept this request (no legitimate relationship or organisation consent).'
                : 'The GP practice does not allow GP Connect record access.',
          },
          'refused',
        );
      case 'busy':
        return fail({ code: 'XDSRegistryBusy', context: 'An NHS service is rate-limiting requests; try again shortly.' });
      case 'deadline':
        return fail({ code: 'XDSRegistryBusy', context: 'The GP record is still being retrieved; repeat the query shortly.' });
      case 'failed':
        return fail({
          code: 'XDSRegistryError',
          context: `The GP record could not be obtained (${SYSTEM_NAMES[o.system]}); try again later.`,
        });
    }
  }

  /**
   * Documents by id; with an XUA resource-id, another patient's documents are treated as not held,
   * and so are those of a patient the requester may not see or PDS now withholds.
   */
  private async getDocuments(
    by: 'entryUuid' | 'uniqueId',
    ids: string[],
    asserted: string | undefined,
    ctx: DocumentRequestContext,
  ): Promise<QueryOutcome> {
    const found = new Map<string, DocumentEntryMetadata>();
    const patients = new Set<string>();
    for (const raw of ids) {
      const id = by === 'entryUuid' && !raw.startsWith('urn:uuid:') ? `urn:uuid:${raw}` : raw;
      const uniqueId = by === 'uniqueId' ? id : await this.documents.uniqueIdForEntry(id);
      const meta = uniqueId ? await this.documents.metaByUniqueId(uniqueId) : undefined;
      if (!meta || (asserted && meta.nhsNumber !== asserted)) continue;
      const entry = this.pick(meta, by === 'uniqueId' ? uniqueId! : id, by);
      if (!entry) continue;
      found.set(entry.entryUuid, entry);
      patients.add(meta.nhsNumber);
    }
    if (patients.size > 1) {
      return {
        entries: [],
        errors: [{ code: 'XDSResultNotSinglePatient', context: 'The requested documents belong to more than one patient.' }],
        outcome: 'not-single-patient',
        audit: 'query-error',
      };
    }
    const [nhsNumber] = patients;
    if (nhsNumber) {
      if (!(await this.access.mayDisclose(ctx.requester, nhsNumber)))
        return { entries: [], errors: [], outcome: 'none-found', audit: 'not-found' };
      const status = await this.status.check(nhsNumber, ctx);
      if (status === 'withheld') return { entries: [], errors: [], outcome: 'none-found', audit: 'not-found' };
      if (status === 'unavailable') return { ...this.mapOutcome({ kind: 'failed', system: 'pds' }), nhsNumber };
    }
    return {
      entries: [...found.values()],
      errors: [],
      nhsNumber,
      outcome: found.size ? 'documents-hit' : 'none-found',
      audit: found.size ? 'success' : 'not-found',
    };
  }

  private pick(m: GpRecordDocument, id: string, by: 'entryUuid' | 'uniqueId'): DocumentEntryMetadata | undefined {
    const isOnDemand = by === 'uniqueId' ? m.onDemand.uniqueId === id : m.onDemand.entryUuid === id;
    if (isOnDemand) return this.entries.onDemand(m);
    const isStable = by === 'uniqueId' ? m.uniqueId === id : m.entryUuid === id;
    return isStable ? this.entries.stable(m) : undefined;
  }
}

const SYSTEM_NAMES: Record<UpstreamSystem, string> = {
  pds: 'PDS did not answer correctly',
  sds: 'the NHS directory did not answer correctly',
  'gp-connect': 'GP Connect did not answer correctly',
  converter: 'the GP record could not be converted to a CDA document',
  cache: 'document storage is unavailable',
  internal: 'an internal error occurred',
};
