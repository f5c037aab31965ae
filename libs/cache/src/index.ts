export * from './key-value-store';
export * from './single-flight';
export * from './cache.config';
export * from './keyv-store';
export * from './keyv-store.factory';
export * from './redis-connection.factory';
export * from './gateway-cache.module';
export { keyFamily } from './cache.metrics';
export * from './local-tier';
