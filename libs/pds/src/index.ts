export * from './pds-client';
