import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { IheConfig } from '../ihe.config';
import { XcaModule } from '../xca/xca.module';
import { Iti18Handler } from './iti-18/iti-18.handler';
import { Iti43Handler } from './iti-43/iti-43.handler';

/**
 * XDS.b document registry and repository facade (ITI-18, ITI-43) for the trust's own affinity
 * domain, over the XCA query and retrieve services. The dispatcher finds the handlers at boot.
 */
@Module({
  imports: [XcaModule],
  providers: [configProvider(IheConfig), Iti18Handler, Iti43Handler],
})
export class XdsbModule {}
