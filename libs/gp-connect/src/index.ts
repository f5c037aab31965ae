export * from './gp-connect-client';
