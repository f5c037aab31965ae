import type { GpRecordDocument } from '@gw/gp-record';
import { stripUrnOid } from '@gw/hl7-datatypes';
import {
  associationId,
  ASSOCIATION_TYPE,
  parseCodedValue,
  type AssociationMetadata,
  type DocumentEntryMetadata,
  type RegistryObjects,
  type SubmissionSetMetadata,
} from '../xds';
import { BoundedMap } from '@gw/cache';
import { DocumentEntryFactory } from './document-entry.factory';
import { pairedUuid, submissionSetUniqueId } from './registry-ids.util';

/** Registry views kept built: one per patient whose documents were queried lately. */
const VIEWS_KEPT = 256;

/** One held document of the patient, newest first, and whether it is the current one. */
export interface HeldDocument {
  meta: GpRecordDocument;
  current: boolean;
}

/**
 * What the registry holds for one patient, as XDS metadata (ITI TF-3 4.1): each generated
 * snapshot is a Stable entry published by a SubmissionSet of its own (HasMember, Original); the
 * current snapshot is Approved, each older one was replaced by the next (RPLC) and is Deprecated;
 * the On-Demand entry has its SubmissionSet too, and every snapshot made for it is its transform
 * (XFRM, snapshot → On-Demand entry). Folders are never made. Built from the documents still held
 * (bounded by the store's history), so nothing is published that cannot be retrieved.
 *
 * A view depends only on which documents are held and which is current: a stored document never
 * changes under its entryUUID (a new generation gets a new random one) and the coded values are
 * fixed for the life of the process. So a view is built once per set of held documents, frozen
 * (nothing downstream can alter what another query is answered with) and reused; the serialisers
 * keep the XML of frozen objects (see `serialisedOnce`).
 */
export class PatientRegistryFactory {
  constructor(private readonly entries: DocumentEntryFactory) {}

  private readonly views = new BoundedMap<string, RegistryObjects>(VIEWS_KEPT);

  build(held: readonly HeldDocument[]): RegistryObjects {
    const key = held.map((d) => `${d.meta.entryUuid}${d.current ? '+' : '-'}`).join(' ');
    let view = this.views.get(key);
    if (!view) {
      view = freezeView(this.compose(held));
      this.views.set(key, view);
    }
    return view;
  }

  private compose(held: readonly HeldDocument[]): RegistryObjects {
    const current = held.find((d) => d.current)?.meta;
    const home = this.entries.ihe.HOME_COMMUNITY_ID;
    const entries: DocumentEntryMetadata[] = [];
    const submissionSets: SubmissionSetMetadata[] = [];
    const associations: AssociationMetadata[] = [];
    const link = (type: AssociationMetadata['type'], source: string, target: string, hasMember = false) =>
      associations.push({
        id: associationId(type, source, target),
        type,
        sourceObject: source,
        targetObject: target,
        homeCommunityId: home,
        ...(hasMember ? { submissionSetStatus: 'Original' as const } : {}),
      });

    const snapshots = held.map((d) => ({
      ...this.entries.stable(d.meta),
      status: d.current ? ('approved' as const) : ('deprecated' as const),
    }));
    snapshots.forEach((entry, i) => {
      entries.push(entry);
      const set = this.submissionSet(entry, held[i].meta.creationTime);
      submissionSets.push(set);
      link(ASSOCIATION_TYPE.hasMember, set.entryUuid, entry.entryUuid, true);
      // History is newest first: each snapshot replaced the one generated before it.
      const older = snapshots[i + 1];
      if (older) link(ASSOCIATION_TYPE.rplc, entry.entryUuid, older.entryUuid);
    });

    if (current) {
      const onDemand = this.entries.onDemand(current);
      entries.push(onDemand);
      const sameOnDemand = held.filter((d) => d.meta.onDemand.entryUuid === current.onDemand.entryUuid);
      // Registered with the first snapshot still held for it.
      const registered = sameOnDemand.map((d) => d.meta.creationTime).sort()[0] ?? current.creationTime;
      const set = this.submissionSet(onDemand, registered);
      submissionSets.push(set);
      link(ASSOCIATION_TYPE.hasMember, set.entryUuid, onDemand.entryUuid, true);
      for (const d of sameOnDemand) link(ASSOCIATION_TYPE.xfrm, d.meta.entryUuid, onDemand.entryUuid);
    }
    return { entries, submissionSets, associations };
  }

  private submissionSet(entry: DocumentEntryMetadata, submissionTime: string): SubmissionSetMetadata {
    const entryUuid = pairedUuid(entry.entryUuid)!;
    return {
      entryUuid,
      uniqueId: submissionSetUniqueId(entryUuid),
      sourceId: stripUrnOid(this.entries.ihe.HOME_COMMUNITY_ID),
      submissionTime,
      patientId: entry.patientId,
      homeCommunityId: this.entries.ihe.HOME_COMMUNITY_ID,
      contentTypeCode: parseCodedValue(this.entries.codes.XDS_SUBMISSION_CONTENT_TYPE_CODE),
      authorInstitutions: entry.author?.institutions ?? [],
      title: entry.title,
    };
  }
}

/** Freezes a view down to its leaves (coded values, author lists), so a shared view cannot be changed. */
function freezeView(view: RegistryObjects): RegistryObjects {
  const deep = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
    Object.freeze(v);
    for (const x of Object.values(v)) deep(x);
  };
  deep(view);
  return view;
}
