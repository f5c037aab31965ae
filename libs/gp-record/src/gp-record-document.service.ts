import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger, Optional } from '@nestjs/common';
import type { RequesterIdentity } from '@gw/identity';
import { SharedSingleFlight, SingleFlight } from '@gw/cache';
import { GpRecordFetcher, type GpRecordOutcome } from '@gw/gp-connect';
import { counter, describeErrorSafely, histogram, withSpan } from '@gw/observability';
import { toDtm, uuidToOid } from '@gw/hl7-datatypes';
import { CcdRenderer } from './ccd-renderer';
import { ccdHeaderFacts } from './ccd-header.util';
import type { GpRecordDocument, StoredGpRecord } from './gp-record-document';
import { GpRecordConfig } from './gp-record.config';
import { GpRecordStore } from './gp-record.store';
import type { PatientDocumentOutcome } from './patient-documents.outcome';

const documentsGenerated = counter('gw_xca_documents_generated_total', 'GP record documents generated (fetched and converted)');
const documentLookups = counter('gw_xca_document_cache_total', 'GP record document lookups by result (hit or miss)', ['result'] as const);
const fetchSeconds = histogram('gw_xca_gp_record_fetch_seconds', 'PDS → SDS → GP Connect fetch and conversion time, by outcome', [
  'outcome',
] as const);

export interface DocumentRequestContext {
  requester: RequesterIdentity;
  requestId: string;
}

/**
 * The one living document per patient: the GP record as a C-CDA CCD, generated on demand.
 *
 * A cache hit answers at once. A miss runs PDS → SDS → GP Connect → conversion once per patient
 * however many requests wait for it, in this process and (with Redis) in every instance sharing it
 * (SharedSingleFlight), stores bytes and metadata with the configured TTL, and races a deadline:
 * when the deadline wins the caller hears `deadline` while the fetch carries on and fills the cache
 * for the next query. Instances waiting on another's fetch wait within the same deadline.
 */
@Injectable()
export class GpRecordDocumentService {
  private readonly logger = new Logger(GpRecordDocumentService.name);
  private readonly flights = new SingleFlight();
  private readonly shared: SharedSingleFlight;

  constructor(
    private readonly fetcher: GpRecordFetcher,
    private readonly renderer: CcdRenderer,
    private readonly store: GpRecordStore,
    private readonly cfg: GpRecordConfig,
    @Optional() shared?: SharedSingleFlight,
  ) {
    // Without the cache module (unit tests) flights are per process.
    this.shared = shared ?? SharedSingleFlight.perProcess();
  }

  /**
   * The patient's current document, generating it on a miss within the deadline. The cache lookup
   * runs inside the patient's flight, so queries arriving together share one lookup and one fetch.
   */
  forPatient(nhsNumber: string, ctx: DocumentRequestContext): Promise<PatientDocumentOutcome> {
    return this.within(
      this.flights.run(`gp-record:${nhsNumber}`, async () => {
        const cached = await this.cachedOutcome(nhsNumber);
        if (cached) return cached;
        // Another instance may be fetching this patient: one fetch for all. The store is read again
        // under the shared lock, since a holder that just finished has stored the document.
        const outcome = await this.shared.run(
          `gp-record:${nhsNumber}`,
          async () => (await this.cachedOutcome(nhsNumber)) ?? (documentLookups.inc({ result: 'miss' }), this.generate(nhsNumber, ctx)),
          this.cfg.XCA_UPSTREAM_DEADLINE_MS,
        );
        if (!outcome) return { kind: 'deadline' } as const;
        // A result from another instance names its patient: never answer with another patient's document.
        if (outcome.kind === 'document' && outcome.document.nhsNumber !== nhsNumber) {
          this.logger.error(`Shared GP record result for another patient discarded (request ${ctx.requestId})`);
          return { kind: 'failed', system: 'internal' } as const;
        }
        return outcome;
      }),
    );
  }

  private async cachedOutcome(nhsNumber: string): Promise<PatientDocumentOutcome | undefined> {
    const cached = await this.store.currentFor(nhsNumber);
    if (!cached) return undefined;
    documentLookups.inc({ result: 'hit' });
    return { kind: 'document', document: cached, cache: 'hit' };
  }

  /** Drops the cached document and generates a new one (admin refresh); the On-Demand entry keeps its ids. */
  async refresh(nhsNumber: string, ctx: DocumentRequestContext): Promise<PatientDocumentOutcome> {
    const previous = await this.store.currentFor(nhsNumber);
    await this.store.forget(nhsNumber);
    return this.within(this.flights.run(`gp-record:${nhsNumber}`, () => this.generate(nhsNumber, ctx, previous?.onDemand)));
  }

  /** A document's metadata and bytes by uniqueId (Stable, or an On-Demand entry's id), when still held. */
  byUniqueId(uniqueId: string): Promise<StoredGpRecord | undefined> {
    return this.store.byUniqueId(uniqueId);
  }

  /** A document's metadata only (queries). */
  metaByUniqueId(uniqueId: string): Promise<GpRecordDocument | undefined> {
    return this.store.metaByUniqueId(uniqueId);
  }

  /** The patient's documents still held, newest first (admin). Never generates. */
  listForPatient(nhsNumber: string): ReturnType<GpRecordStore['listFor']> {
    return this.store.listFor(nhsNumber);
  }

  /** The uniqueId behind an entryUUID, when still held. */
  uniqueIdForEntry(entryUuid: string): Promise<string | undefined> {
    return this.store.uniqueIdForEntry(entryUuid);
  }

  /** Races the flight against the deadline; the flight itself is never cancelled. */
  private within(flight: Promise<PatientDocumentOutcome>): Promise<PatientDocumentOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<PatientDocumentOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'deadline' }), this.cfg.XCA_UPSTREAM_DEADLINE_MS);
      timer.unref();
    });
    return Promise.race([flight, deadline]).finally(() => clearTimeout(timer));
  }

  /** Never rejects: every failure is an outcome. */
  private async generate(
    nhsNumber: string,
    ctx: DocumentRequestContext,
    onDemand?: GpRecordDocument['onDemand'],
  ): Promise<PatientDocumentOutcome> {
    const started = process.hrtime.bigint();
    let outcome: PatientDocumentOutcome;
    try {
      outcome = await withSpan('xca.gp_record.generate', { 'gw.request_id': ctx.requestId }, async () => {
        const fetched = await this.fetcher.fetch(nhsNumber, ctx.requester, ctx.requestId);
        if (fetched.kind !== 'record') return mapFailure(fetched);
        return this.convertAndStore(nhsNumber, fetched, ctx, onDemand);
      });
    } catch (e) {
      this.logger.error(`GP record generation failed (request ${ctx.requestId}): ${describeErrorSafely(e)}`);
      outcome = { kind: 'failed', system: 'internal' };
    }
    fetchSeconds.observe({ outcome: outcome.kind }, Number(process.hrtime.bigint() - started) / 1e9);
    return outcome;
  }

  private async convertAndStore(
    nhsNumber: string,
    fetched: Extract<GpRecordOutcome, { kind: 'record' }>,
    ctx: DocumentRequestContext,
    onDemand: GpRecordDocument['onDemand'] | undefined,
  ): Promise<PatientDocumentOutcome> {
    const generatedAt = new Date();
    const uniqueId = uuidToOid(randomUUID());
    let rendered: ReturnType<CcdRenderer['render']>;
    try {
      rendered = this.renderer.render(fetched.bundle, {
        uniqueId,
        effectiveTime: generatedAt,
        warnings: fetched.warnings,
        practiceOdsCode: fetched.practiceOdsCode,
      });
    } catch (e) {
      this.logger.warn(`GP record could not be converted (request ${ctx.requestId}): ${describeErrorSafely(e)}`);
      return { kind: 'failed', system: 'converter' };
    }
    const bytes = Buffer.from(rendered.xml, 'utf8');
    const header = ccdHeaderFacts(rendered.header);
    const ttlMs = this.cfg.XCA_DOCUMENT_TTL_SECONDS * 1000;
    const onDemandUuid = randomUUID();
    const meta: GpRecordDocument = {
      nhsNumber,
      entryUuid: `urn:uuid:${randomUUID()}`,
      uniqueId: header.uniqueId,
      onDemand: onDemand ?? { entryUuid: `urn:uuid:${onDemandUuid}`, uniqueId: uuidToOid(onDemandUuid) },
      mimeType: 'text/xml',
      creationTime: header.creationTime ?? toDtm(generatedAt),
      serviceStartTime: header.serviceStartTime,
      serviceStopTime: header.serviceStopTime,
      hash: createHash('sha1').update(bytes).digest('hex'),
      size: bytes.length,
      title: rendered.title,
      practice: { odsCode: fetched.practiceOdsCode, name: rendered.practiceName },
      generatedAt: generatedAt.toISOString(),
      expiresAt: new Date(generatedAt.getTime() + ttlMs).toISOString(),
      notices: rendered.notices,
      conversion: rendered.summary,
    };
    const doc: StoredGpRecord = { meta, bytes };
    await this.store.save(doc, ttlMs);
    documentsGenerated.inc();
    this.logger.log(`GP record document generated (request ${ctx.requestId}, ${meta.size} bytes, ${meta.conversion.mapped} entries)`);
    return { kind: 'document', document: meta, cache: 'miss' };
  }
}

function mapFailure(o: Exclude<GpRecordOutcome, { kind: 'record' }>): PatientDocumentOutcome {
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
