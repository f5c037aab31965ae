export * from './xua.config';
export * from './xua-rejection';
export * from './saml-claims';
export * from './xua-verifier.service';
export * from './message-replay.guard';
export * from './xua-policy';
export { clientCertificateFrom, type HttpHeaders } from './client-certificate';
export * from './xua.module';
