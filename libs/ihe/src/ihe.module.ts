import { Module } from '@nestjs/common';
import { GpRecordModule } from '@gw/gp-record';
import { PatientModule } from '@gw/patient';
import { PdqModule } from './pdq/pdq.module';
import { XcaModule } from './xca/xca.module';

/**
 * The IHE profiles the gateway answers (PDQ/XCPD and XCA) with what they share (the patient and
 * the GP record document), as one import for the composition root and the admin endpoints.
 */
@Module({
  imports: [PatientModule, GpRecordModule, PdqModule, XcaModule],
  exports: [PatientModule, GpRecordModule, PdqModule, XcaModule],
})
export class IheModule {}
