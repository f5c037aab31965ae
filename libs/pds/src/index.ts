export * from './pds-client';
export * from './nhs-number.util';
export * from './pds.config';
export * from './pds-http.client';
export * from './pds.module';
