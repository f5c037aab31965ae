import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { XdsMetadataConfig } from '../xds';
import { GpRecordModule } from '@gw/gp-record';
import { PatientModule } from '@gw/patient';
import { Iti38Handler } from './iti-38/iti-38.handler';
import { Iti38QueryService } from './iti-38/iti-38-query.service';
import { Iti39Handler } from './iti-39/iti-39.handler';
import { Iti39RetrieveService } from './iti-39/iti-39-retrieve.service';
import { DocumentEntryFactory } from './document-entry.factory';
import { IheConfig } from '../ihe.config';
import { XcaConfig } from './xca.config';

/**
 * XCA responding gateway: ITI-38 query and ITI-39 retrieve over the GP record document, with the
 * XDS metadata it is published under. The dispatcher finds the handlers at boot.
 */
@Module({
  imports: [GpRecordModule, PatientModule],
  providers: [
    configProvider(IheConfig),
    configProvider(XdsMetadataConfig),
    configProvider(XcaConfig),
    DocumentEntryFactory,
    Iti38QueryService,
    Iti39RetrieveService,
    Iti38Handler,
    Iti39Handler,
  ],
  exports: [DocumentEntryFactory, XdsMetadataConfig, XcaConfig, Iti38QueryService, Iti39RetrieveService],
})
export class XcaModule {}
