import { Injectable } from '@nestjs/common';
import { type RegistryErrorEntry } from '../../xds';
import { GpRecordDocumentService, type DocumentRequestContext } from '@gw/gp-record';
import { GpRecordStore } from '@gw/gp-record';
import { XcaConfig } from '../xca.config';
import { IheConfig } from '../../ihe.config';
import { PatientAccessPolicy } from '@gw/patient';
import { PatientIdResolver } from '@gw/patient';
import { PatientStatusService } from '@gw/patient';
import type { DocumentRequest } from './retrieve.request';
import type { RetrievedDocument } from './retrieve.response';
import { stripUrnOid, toUrnOid } from '@gw/hl7-datatypes';

export interface RetrieveResult {
  documents: (RetrievedDocument & { bytes: Buffer; nhsNumber: string })[];
  errors: RegistryErrorEntry[];
}

/**
 * ITI-39 business logic, per DocumentRequest in order (ihe-transactions.md §7): homeCommunityId
 * present and ours, repository ours, document held. A request that fails gets its own
 * RegistryError; the others are still answered (PartialSuccess), so nothing is dropped silently.
 * A document is returned only to a requester the access policy allows for its patient, and only
 * while the patient's current PDS status allows it; otherwise it is answered as not held.
 */
@Injectable()
export class Iti39RetrieveService {
  constructor(
    private readonly documents: GpRecordDocumentService,
    private readonly ihe: IheConfig,
    private readonly cfg: XcaConfig,
    private readonly access: PatientAccessPolicy,
    private readonly status: PatientStatusService,
    private readonly resolver: PatientIdResolver,
  ) {}

  /** Most DocumentRequests one request may carry; the handler reads at most one more. */
  get maxDocuments(): number {
    return this.cfg.XCA_RETRIEVE_MAX_DOCUMENTS;
  }

  /** With an XUA resource-id, another patient's document is refused as not held. */
  async retrieve(requests: readonly DocumentRequest[], ctx: DocumentRequestContext): Promise<RetrieveResult> {
    const result: RetrieveResult = { documents: [], errors: [] };
    if (!requests.length) {
      result.errors.push({ code: 'XDSRepositoryError', context: 'The request contains no DocumentRequest.' });
      return result;
    }
    if (requests.length > this.cfg.XCA_RETRIEVE_MAX_DOCUMENTS) {
      result.errors.push({
        code: 'XDSRepositoryOutOfResources',
        context: `At most ${this.cfg.XCA_RETRIEVE_MAX_DOCUMENTS} documents can be retrieved in one request; more were asked for.`,
      });
      return result;
    }
    const assertedNhsNumber = await this.resolver.assertedPatient(ctx.requester);
    const ourHome = this.ihe.HOME_COMMUNITY_ID;
    const ourRepo = stripUrnOid(this.ihe.REPOSITORY_UNIQUE_ID);
    // One decision per patient per request, however many of their documents are asked for.
    const decisions = new Map<string, Promise<'disclosable' | 'not-available' | 'unavailable'>>();
    const decide = (nhsNumber: string) => {
      let d = decisions.get(nhsNumber);
      if (!d) decisions.set(nhsNumber, (d = this.decide(nhsNumber, ctx)));
      return d;
    };
    for (const [i, r] of requests.entries()) {
      const n = i + 1;
      const uid = r.documentUniqueId ?? '(none)';
      if (!r.homeCommunityId) {
        result.errors.push({
          code: 'XDSMissingHomeCommunityId',
          context: `DocumentRequest ${n} (${uid.slice(0, 80)}) has no HomeCommunityId.`,
        });
        continue;
      }
      if (toUrnOid(stripUrnOid(r.homeCommunityId)) !== ourHome) {
        result.errors.push({
          code: 'XDSUnknownCommunity',
          context: `DocumentRequest ${n}: HomeCommunityId ${r.homeCommunityId.slice(0, 80)} is not this community (${ourHome}).`,
        });
        continue;
      }
      if (!r.repositoryUniqueId || stripUrnOid(r.repositoryUniqueId) !== ourRepo) {
        result.errors.push({
          code: 'XDSUnknownRepositoryId',
          context: `DocumentRequest ${n}: RepositoryUniqueId ${(r.repositoryUniqueId ?? '(none)').slice(0, 80)} is not this community's repository (${ourRepo}).`,
        });
        continue;
      }
      const stored = r.documentUniqueId ? await this.documents.byUniqueId(r.documentUniqueId) : undefined;
      const decision =
        stored && (!assertedNhsNumber || stored.meta.nhsNumber === assertedNhsNumber) ? await decide(stored.meta.nhsNumber) : undefined;
      if (decision === 'unavailable') {
        result.errors.push({
          code: 'XDSRepositoryError',
          context: `Document ${uid.slice(0, 128)}: the patient's status could not be confirmed with PDS; try again later.`,
        });
        continue;
      }
      if (!stored || decision !== 'disclosable') {
        // Unknown, expired and not-authorised look the same to the caller (ITI TF-2 3.43.4.2.3).
        result.errors.push({
          code: 'XDSDocumentUniqueIdError',
          context: `Document ${uid.slice(0, 128)} is not available to this request (unknown, expired or not authorised).`,
        });
        continue;
      }
      const onDemand = GpRecordStore.isOnDemandId(stored.meta, r.documentUniqueId!);
      result.documents.push({
        homeCommunityId: ourHome,
        repositoryUniqueId: ourRepo,
        documentUniqueId: r.documentUniqueId!,
        newDocumentUniqueId: onDemand ? stored.meta.uniqueId : undefined,
        newRepositoryUniqueId: onDemand ? ourRepo : undefined,
        mimeType: stored.meta.mimeType,
        contentId: `doc-${n}@gw`,
        bytes: stored.bytes,
        nhsNumber: stored.meta.nhsNumber,
      });
    }
    return result;
  }

  private async decide(nhsNumber: string, ctx: DocumentRequestContext): Promise<'disclosable' | 'not-available' | 'unavailable'> {
    if (!(await this.access.mayDisclose(ctx.requester, nhsNumber))) return 'not-available';
    const status = await this.status.check(nhsNumber, ctx);
    return status === 'withheld' ? 'not-available' : status;
  }
}
