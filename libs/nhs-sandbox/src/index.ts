export * from './nhs-sandbox';
export * from './fixtures';
export * from './faults/fault-injection';
export type { JwkSet, RegisteredApp } from './oauth/token.handler';
export type { SecurityCode } from './pds/pds-records';
export { NhsSandboxConfig } from './sandbox.config';
export { standaloneOptions } from './standalone-options';
export { findNhsDataDir } from './sandbox-data.util';
