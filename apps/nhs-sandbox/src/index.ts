export * from './nhs-sandbox';
export * from './fixtures';
export * from './faults/fault-injection';
export type { RegisteredApp } from './oauth/token.handler';
