export {};
export * from './xds';
