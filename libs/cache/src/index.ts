export * from './key-value-store';
export * from './single-flight';
