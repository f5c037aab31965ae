import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { XuaConfig } from './xua.config';
import { XuaVerifier } from './xua-verifier.service';
import { MessageReplayGuard } from './message-replay.guard';
import { PartnerDirectory } from './partners/partner-directory';

/** XUA SAML verification (with the partner profiles, when configured) and the one-shot wsa:MessageID for the SOAP edge. */
@Module({
  providers: [configProvider(XuaConfig), PartnerDirectory, XuaVerifier, MessageReplayGuard],
  exports: [XuaVerifier, XuaConfig, MessageReplayGuard, PartnerDirectory],
})
export class XuaModule {}
