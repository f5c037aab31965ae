import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { XuaConfig } from './xua.config';
import { XuaVerifier } from './xua-verifier.service';

/** XUA SAML verification for the SOAP edge. */
@Module({
  providers: [configProvider(XuaConfig), XuaVerifier],
  exports: [XuaVerifier, XuaConfig],
})
export class XuaModule {}
