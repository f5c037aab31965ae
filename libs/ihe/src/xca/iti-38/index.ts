export * from './stored-queries.const';
export * from './slot-values.util';
export * from './adhoc-query.request';
export * from './stored-query.plan';
export type { EntryPredicate } from './find-documents.filter';
export * from './iti-38-query.service';
export * from './iti-38.handler';
export type { SubmissionSetPredicate } from './submission-set.filter';
