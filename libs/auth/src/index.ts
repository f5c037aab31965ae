export * from './requester-identity';
