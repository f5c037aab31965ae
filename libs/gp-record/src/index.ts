export * from './gp-record.config';
export * from './gp-record-document';
export * from './gp-record.store';
export * from './patient-documents.outcome';
export * from './ccd-renderer';
export * from './ccd-header.util';
export * from './gp-record-document.service';
export * from './gp-record.module';
