import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { XuaConfig } from './xua.config';
import { XuaVerifier } from './xua-verifier.service';
import { MessageReplayGuard } from './message-replay.guard';

/** XUA SAML verification and the one-shot wsa:MessageID for the SOAP edge. */
@Module({
  providers: [configProvider(XuaConfig), XuaVerifier, MessageReplayGuard],
  exports: [XuaVerifier, XuaConfig, MessageReplayGuard],
})
export class XuaModule {}
