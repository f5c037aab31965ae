export * from './pds-client';
export * from './pds.config';
export * from './pds-http.client';
export * from './pds.module';
