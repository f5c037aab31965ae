import { Injectable } from '@nestjs/common';
import type { AuditOutcome } from '@gw/audit';
import {
  type AssociationMetadata,
  type DocumentEntryMetadata,
  type RegistryErrorEntry,
  type RegistryObjects,
  type SubmissionSetMetadata,
} from '../../xds';
import { DocumentEntryFactory } from '../document-entry.factory';
import { GpRecordDocumentService, type DocumentRequestContext } from '@gw/gp-record';
import { XcaConfig } from '../xca.config';
import type { GpRecordDocument } from '@gw/gp-record';
import type { PatientDocumentOutcome, UpstreamSystem } from '@gw/gp-record';
import { PatientAccessPolicy } from '@gw/patient';
import { PatientIdResolver } from '@gw/patient';
import { PatientStatusService } from '@gw/patient';
import type { CxIdentifier } from '@gw/hl7-datatypes';
import type { QueryAnchor, StoredQueryPlan } from './stored-query.plan';
import type { AdhocQueryBounds } from './adhoc-query.request';
import { PatientRegistryFactory, type HeldDocument } from '../patient-registry.factory';
import { pairedUuid, uuidOfOid } from '../registry-ids.util';
import { selectRegistryObjects } from './registry-query.select';

export interface QueryOutcome {
  entries: DocumentEntryMetadata[];
  /** SubmissionSets and Associations, for the queries that return them. */
  submissionSets?: SubmissionSetMetadata[];
  associations?: AssociationMetadata[];
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

/** A query answered before the registry view: a refusal, an upstream failure, an unknown patient. */
type Refusal = { refused: QueryOutcome };
type PatientRegistry = { nhsNumber: string; view: RegistryObjects; cache: 'hit' | 'miss' | 'named' };

/**
 * Stored-query business logic (ITI-38, and ITI-18 on the same service) after the request passed
 * stored-query validation: resolve the patient, obtain the GP record document (cache or generate
 * within the deadline), build what the registry holds for that one patient (PatientRegistryFactory)
 * and answer from it. Queries by patient and queries by object id (entry, SubmissionSet, any uuid)
 * pass the same checks before anything is built: no object of a patient the requester may not see
 * is ever looked at beyond finding whose it is.
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
  ) {
    this.registry = new PatientRegistryFactory(entries);
  }

  private readonly registry: PatientRegistryFactory;

  /** How many Slots and Values one query may carry (checked while the request is read). */
  get bounds(): AdhocQueryBounds {
    return { maxSlots: this.cfg.XCA_QUERY_MAX_SLOTS, maxValues: this.cfg.XCA_QUERY_MAX_SLOT_VALUES };
  }

  async execute(plan: StoredQueryPlan, ctx: DocumentRequestContext): Promise<QueryOutcome> {
    switch (plan.kind) {
      case 'get': {
        const found = await this.registryOfNamed({ by: 'document', key: plan.by, ids: plan.ids }, ctx);
        if ('refused' in found) return found.refused;
        const wanted = new Set(plan.ids);
        const entries = found.view.entries.filter((e) => wanted.has(plan.by === 'uniqueId' ? e.uniqueId : e.entryUuid));
        return this.answer({ entries, submissionSets: [], associations: [] }, [], found);
      }
      case 'find': {
        const found = await this.registryOfPatient(plan.patient, plan.warnings, ctx);
        if ('refused' in found) return found.refused;
        const entries = found.view.entries.filter((e) => plan.predicates.every((p) => p(e)));
        return this.answer({ entries, submissionSets: [], associations: [] }, plan.warnings, found);
      }
      case 'registry': {
        if (plan.anchor.by === 'nothing') {
          return { entries: [], errors: plan.warnings, outcome: 'none-found', audit: 'not-found' };
        }
        const found =
          plan.anchor.by === 'patient'
            ? await this.registryOfPatient(plan.anchor.patient, plan.warnings, ctx)
            : await this.registryOfNamed(plan.anchor, ctx, plan.warnings);
        if ('refused' in found) return found.refused;
        return this.answer(selectRegistryObjects(plan, found.view), plan.warnings, found);
      }
    }
  }

  private answer(objects: RegistryObjects, warnings: RegistryErrorEntry[], found: PatientRegistry): QueryOutcome {
    const any = objects.entries.length + objects.submissionSets.length + objects.associations.length > 0;
    return {
      ...objects,
      errors: warnings,
      nhsNumber: found.nhsNumber,
      outcome: found.cache === 'named' ? (any ? 'documents-hit' : 'none-found') : `documents-${found.cache}`,
      audit: any ? 'success' : 'not-found',
    };
  }

  /** The registry of the patient a query names by id: access policy, XUA resource-id and PDS status first. */
  private async registryOfPatient(
    patient: CxIdentifier,
    warnings: RegistryErrorEntry[],
    ctx: DocumentRequestContext,
  ): Promise<PatientRegistry | Refusal> {
    const access = await this.access.patientFor(patient, ctx.requester);
    // Ignored-parameter warnings go with every answer, not only the successful ones.
    if (access.refused)
      return {
        refused: {
          entries: [],
          errors: [UNKNOWN_PATIENT, ...warnings],
          nhsNumber: access.nhsNumber,
          outcome: access.refused,
          audit: access.refused === 'unknown-patient' ? 'not-found' : 'refused',
        },
      };
    const { nhsNumber } = access;
    const asserted = await this.resolver.assertedPatient(ctx.requester);
    if (asserted && asserted !== nhsNumber) {
      // Checked before any NHS call: the assertion's patient decides what may be disclosed.
      return {
        refused: {
          entries: [],
          errors: [
            { code: 'XDSRegistryError', context: 'The queried patient is not the patient named in the XUA assertion (resource-id).' },
            ...warnings,
          ],
          outcome: 'xua-resource-id-mismatch',
          audit: 'refused',
        },
      };
    }
    const answer = await this.documents.forPatient(nhsNumber, ctx);
    if (answer.kind !== 'document') {
      if (answer.kind === 'unknown-patient') await this.status.withhold(nhsNumber, 'gp-record:unknown-patient');
      const mapped = this.mapOutcome(answer);
      return { refused: { ...mapped, errors: [...mapped.errors, ...warnings], nhsNumber } };
    }
    // A document generated now passed its own PDS read; a cached one is checked against PDS first.
    if (answer.cache === 'miss') await this.status.remember(nhsNumber, 'disclosable');
    const status = answer.cache === 'hit' ? await this.status.check(nhsNumber, ctx) : 'disclosable';
    if (status === 'withheld')
      return {
        refused: { entries: [], errors: [UNKNOWN_PATIENT, ...warnings], nhsNumber, outcome: 'unknown-patient', audit: 'not-found' },
      };
    if (status === 'unavailable') {
      const mapped = this.mapOutcome({ kind: 'failed', system: 'pds' });
      return { refused: { ...mapped, errors: [...mapped.errors, ...warnings], nhsNumber } };
    }
    const view = await this.viewOf(nhsNumber, [answer.document], answer.document.uniqueId);
    return { nhsNumber, view, cache: answer.cache };
  }

  /** What the registry holds for the patient: the documents still held, newest first, and the named ones. */
  private async viewOf(nhsNumber: string, named: readonly GpRecordDocument[], currentUniqueId?: string): Promise<RegistryObjects> {
    const held: HeldDocument[] = (await this.documents.listForPatient(nhsNumber)).map((d) => ({
      meta: d.meta,
      current: currentUniqueId ? d.meta.uniqueId === currentUniqueId : d.current,
    }));
    for (const meta of named) {
      if (held.some((d) => d.meta.uniqueId === meta.uniqueId)) continue;
      held.push({ meta, current: meta.uniqueId === currentUniqueId });
      held.sort((a, b) => b.meta.generatedAt.localeCompare(a.meta.generatedAt));
    }
    return this.registry.build(held);
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
   * The registry of the one patient a query names objects of (entries, SubmissionSets, any uuid).
   * With an XUA resource-id another patient's objects are treated as not held, and so are those of
   * a patient the requester may not see or PDS now withholds: the answer is then empty, exactly as
   * for ids that were never issued.
   */
  private async registryOfNamed(
    anchor: Extract<QueryAnchor, { by: 'document' | 'submissionSet' | 'uuid' }>,
    ctx: DocumentRequestContext,
    warnings: RegistryErrorEntry[] = [],
  ): Promise<PatientRegistry | Refusal> {
    const asserted = await this.resolver.assertedPatient(ctx.requester);
    const metas: GpRecordDocument[] = [];
    for (const id of anchor.ids) {
      const meta = await this.documentNamed(anchor, id);
      if (meta && !(asserted && meta.nhsNumber !== asserted)) metas.push(meta);
    }
    const patients = new Set(metas.map((m) => m.nhsNumber));
    const none: Refusal = { refused: { entries: [], errors: warnings, outcome: 'none-found', audit: 'not-found' } };
    if (patients.size > 1) {
      return {
        refused: {
          entries: [],
          errors: [{ code: 'XDSResultNotSinglePatient', context: 'The requested objects belong to more than one patient.' }, ...warnings],
          outcome: 'not-single-patient',
          audit: 'query-error',
        },
      };
    }
    const [nhsNumber] = patients;
    if (!nhsNumber) return none;
    if (!(await this.access.mayDisclose(ctx.requester, nhsNumber))) return none;
    const status = await this.status.check(nhsNumber, ctx);
    if (status === 'withheld') return none;
    if (status === 'unavailable') {
      const mapped = this.mapOutcome({ kind: 'failed', system: 'pds' });
      return { refused: { ...mapped, errors: [...mapped.errors, ...warnings], nhsNumber } };
    }
    return { nhsNumber, view: await this.viewOf(nhsNumber, metas), cache: 'named' };
  }

  /** The document behind one named id: an entry's (Stable or On-Demand) or its SubmissionSet's. */
  private async documentNamed(
    anchor: Extract<QueryAnchor, { by: 'document' | 'submissionSet' | 'uuid' }>,
    id: string,
  ): Promise<GpRecordDocument | undefined> {
    let uniqueId: string | undefined;
    if (anchor.by === 'document') {
      uniqueId = anchor.key === 'uniqueId' ? id : await this.documents.uniqueIdForEntry(id);
    } else {
      const setUuid = anchor.by === 'submissionSet' && anchor.key === 'uniqueId' ? uuidOfOid(id) : id;
      const entryUuid = setUuid && pairedUuid(setUuid);
      uniqueId =
        (anchor.by === 'uuid' ? await this.documents.uniqueIdForEntry(id) : undefined) ??
        (entryUuid ? await this.documents.uniqueIdForEntry(entryUuid) : undefined);
    }
    return uniqueId ? this.documents.metaByUniqueId(uniqueId) : undefined;
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
