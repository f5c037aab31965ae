import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { PdsModule } from '@gw/pds';
import { XuaModule } from '@gw/xua';
import { PatientModule } from '@gw/patient';
import { IheConfig } from '../ihe.config';
import { PatientDiscoveryService } from './patient-discovery.service';
import { Iti47Handler } from './iti-47/iti-47.handler';
import { Iti55Handler } from './iti-55/iti-55.handler';
import { XcpdDeferredConfig } from './iti-55/deferred/xcpd-deferred.config';
import { ConfiguredDeferredReplyPolicy, DeferredReplyPolicy } from './iti-55/deferred/deferred-reply-policy';
import { XcpdDeferredService } from './iti-55/deferred/xcpd-deferred.service';

/** PDQv3 (ITI-47) and XCPD (ITI-55), both answered from PDS; the dispatcher finds the handlers at boot. */
@Module({
  imports: [PdsModule, PatientModule, XuaModule],
  providers: [
    configProvider(IheConfig),
    configProvider(XcpdDeferredConfig),
    // The allow list comes from one setting for now; a per-partner policy replaces this provider.
    { provide: DeferredReplyPolicy, useClass: ConfiguredDeferredReplyPolicy },
    XcpdDeferredService,
    PatientDiscoveryService,
    Iti47Handler,
    Iti55Handler,
  ],
  exports: [IheConfig, PatientDiscoveryService],
})
export class PdqModule {}
