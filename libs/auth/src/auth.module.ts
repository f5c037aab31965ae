import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { AuthConfig } from './auth.config';
import { GpConnectJwtService } from './gp-connect-jwt/gp-connect-jwt.service';
import { JwksController } from './keys/jwks.controller';
import { KeyRotationService } from './keys/key-rotation.service';
import { SigningKeyService } from './keys/signing-key.service';
import { NhsAccessTokenService } from './nhs-token/nhs-access-token.service';

/** NHS authentication: our signing keys (rotated through the key ring) and JWKS, the PDS access token, the GP Connect consumer JWT. */
@Module({
  controllers: [JwksController],
  providers: [configProvider(AuthConfig), SigningKeyService, KeyRotationService, NhsAccessTokenService, GpConnectJwtService],
  exports: [AuthConfig, SigningKeyService, KeyRotationService, NhsAccessTokenService, GpConnectJwtService],
})
export class AuthModule {}
