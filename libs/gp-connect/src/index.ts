export * from './gp-connect-client';
export * from './gp-connect.config';
export * from './structured-record-parameters.util';
export * from './gp-connect-http.client';
export * from './gp-record-fetcher.service';
export * from './gp-connect.module';
