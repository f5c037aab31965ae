export * from './sds-client';
export * from './sds.config';
export * from './sds-http.client';
export * from './sds.module';
