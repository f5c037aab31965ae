export * from './sds-client';
