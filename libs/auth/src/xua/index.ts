export * from './xua.config';
export * from './xua-rejection';
export * from './saml-claims';
export * from './xua-verifier.service';
export * from './xua.module';
export * from './xua-assertion.builder';
export * from './demo-signer/demo-signer';
