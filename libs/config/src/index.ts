export * from './env-config';
export * from './transforms';
