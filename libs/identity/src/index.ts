export * from './requester-identity';
export * from './requester-ods.util';
