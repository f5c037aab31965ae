export * from './config-env';
export * from './env-config';
export * from './transforms';
