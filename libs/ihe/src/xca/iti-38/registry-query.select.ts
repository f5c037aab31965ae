import { ASSOCIATION_TYPE, type AssociationMetadata, type RegistryObjects } from '../../xds';
import type { StoredQueryPlan } from './stored-query.plan';

type RegistryPlan = Extract<StoredQueryPlan, { kind: 'registry' }>;

const NONE: RegistryObjects = { entries: [], submissionSets: [], associations: [] };

function hasType(a: AssociationMetadata, wanted: readonly string[]): boolean {
  // Leniently, the short form (`RPLC`) names the same type as the URN.
  return wanted.some((w) => a.type === w.trim() || a.type.endsWith(`:${w.trim()}`));
}

/** Associations among the objects returned: a reader never gets an Association to an object it cannot see. */
function among(view: RegistryObjects, ids: Set<string>): AssociationMetadata[] {
  return view.associations.filter((a) => ids.has(a.sourceObject) && ids.has(a.targetObject));
}

function named<T extends { entryUuid: string; uniqueId: string }>(objects: T[], anchor: RegistryPlan['anchor']): T[] {
  if (anchor.by !== 'document' && anchor.by !== 'submissionSet' && anchor.by !== 'uuid') return [];
  const wanted = new Set(anchor.ids);
  const key = anchor.by === 'uuid' ? 'entryUuid' : anchor.key;
  return objects.filter((o) => wanted.has(o[key]));
}

/**
 * The answer to one registry stored query (ITI TF-2 3.18.4.1.2.3.7) from what the registry holds
 * for the one patient the query resolved to. Pure: access was decided before `view` was built.
 */
export function selectRegistryObjects(plan: RegistryPlan, view: RegistryObjects): RegistryObjects {
  const entryOk = (e: RegistryObjects['entries'][number]) => plan.entryPredicates.every((p) => p(e));
  const setOk = (s: RegistryObjects['submissionSets'][number]) => plan.submissionSetPredicates.every((p) => p(s));
  switch (plan.query) {
    case 'FindSubmissionSets':
      return { ...NONE, submissionSets: view.submissionSets.filter(setOk) };
    case 'GetAll': {
      const entries = view.entries.filter(entryOk);
      const submissionSets = view.submissionSets.filter(setOk);
      const ids = new Set([...entries.map((e) => e.entryUuid), ...submissionSets.map((s) => s.entryUuid)]);
      return { entries, submissionSets, associations: among(view, ids) };
    }
    case 'GetAssociations': {
      const ids = new Set(plan.anchor.by === 'uuid' ? plan.anchor.ids : []);
      return { ...NONE, associations: view.associations.filter((a) => ids.has(a.sourceObject) || ids.has(a.targetObject)) };
    }
    case 'GetDocumentsAndAssociations': {
      const entries = named(view.entries, plan.anchor);
      const ids = new Set(entries.map((e) => e.entryUuid));
      return { ...NONE, entries, associations: view.associations.filter((a) => ids.has(a.sourceObject) || ids.has(a.targetObject)) };
    }
    case 'GetSubmissionSets': {
      const ids = new Set(plan.anchor.by === 'uuid' ? plan.anchor.ids : []);
      const members = view.associations.filter((a) => a.type === ASSOCIATION_TYPE.hasMember && ids.has(a.targetObject));
      const sources = new Set(members.map((a) => a.sourceObject));
      return { ...NONE, submissionSets: view.submissionSets.filter((s) => sources.has(s.entryUuid)), associations: members };
    }
    case 'GetSubmissionSetAndContents': {
      const submissionSets = named(view.submissionSets, plan.anchor);
      const setIds = new Set(submissionSets.map((s) => s.entryUuid));
      const memberIds = new Set(
        view.associations.filter((a) => a.type === ASSOCIATION_TYPE.hasMember && setIds.has(a.sourceObject)).map((a) => a.targetObject),
      );
      const entries = view.entries.filter((e) => memberIds.has(e.entryUuid) && entryOk(e));
      if (!submissionSets.length) return NONE;
      return { entries, submissionSets, associations: among(view, new Set([...setIds, ...entries.map((e) => e.entryUuid)])) };
    }
    case 'GetRelatedDocuments': {
      const [origin] = named(view.entries, plan.anchor);
      if (!origin) return NONE;
      const links = view.associations.filter(
        (a) => hasType(a, plan.associationTypes) && (a.sourceObject === origin.entryUuid || a.targetObject === origin.entryUuid),
      );
      const otherEnds = new Set(links.map((a) => (a.sourceObject === origin.entryUuid ? a.targetObject : a.sourceObject)));
      const related = view.entries.filter((e) => e.entryUuid !== origin.entryUuid && otherEnds.has(e.entryUuid) && entryOk(e));
      // Nothing related: an empty answer, not the document alone.
      if (!related.length) return NONE;
      const relatedIds = new Set(related.map((e) => e.entryUuid));
      return {
        ...NONE,
        entries: [origin, ...related],
        associations: links.filter((a) => relatedIds.has(a.sourceObject) || relatedIds.has(a.targetObject)),
      };
    }
    case 'FindFolders':
    case 'GetFolders':
    case 'GetFolderAndContents':
    case 'GetFoldersForDocument':
      // The gateway makes no Folders: a valid, empty answer.
      return NONE;
  }
}
