import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { AuthConfig } from './auth.config';
import { GpConnectJwtService } from './gp-connect-jwt/gp-connect-jwt.service';
import { JwksController } from './keys/jwks.controller';
import { SigningKeyService } from './keys/signing-key.service';
import { NhsAccessTokenService } from './nhs-token/nhs-access-token.service';

/** NHS authentication: our signing key and JWKS, the PDS access token, the GP Connect consumer JWT. */
@Module({
  controllers: [JwksController],
  providers: [configProvider(AuthConfig), SigningKeyService, NhsAccessTokenService, GpConnectJwtService],
  exports: [AuthConfig, SigningKeyService, NhsAccessTokenService, GpConnectJwtService],
})
export class AuthModule {}
