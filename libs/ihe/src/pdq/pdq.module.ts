import { Module } from '@nestjs/common';
import { PdsModule } from '@gw/pds';
import { PatientModule } from '../patient/patient.module';
import { PatientDiscoveryService } from './patient-discovery.service';
import { Iti47Handler } from './iti-47/iti-47.handler';
import { Iti55Handler } from './iti-55/iti-55.handler';

/** PDQv3 (ITI-47) and XCPD (ITI-55), both answered from PDS; the dispatcher finds the handlers at boot. */
@Module({
  imports: [PdsModule, PatientModule],
  providers: [PatientDiscoveryService, Iti47Handler, Iti55Handler],
  exports: [PatientDiscoveryService],
})
export class PdqModule {}
