import { Module } from '@nestjs/common';
import { GpRecordModule } from '@gw/gp-record';
import { PatientModule } from '@gw/patient';
import { PdqModule } from './pdq/pdq.module';
import { XcaModule } from './xca/xca.module';
import { XdsbModule } from './xds-b/xds-b.module';

/**
 * The IHE profiles the gateway answers (PDQ/XCPD, XCA and its XDS.b facade) with what they share (the patient and
 * the GP record document), as one import for the composition root and the admin endpoints.
 */
@Module({
  imports: [PatientModule, GpRecordModule, PdqModule, XcaModule, XdsbModule],
  exports: [PatientModule, GpRecordModule, PdqModule, XcaModule, XdsbModule],
})
export class IheModule {}
