export * from './auth.config';
export * from './auth.module';
export * from './keys/rsa-keys.util';
export * from './keys/signing-key.service';
export * from './nhs-token/client-assertion.util';
export * from './nhs-token/nhs-access-token.service';
export * from './gp-connect-jwt/gp-connect-jwt.util';
export * from './gp-connect-jwt/gp-connect-jwt.service';
