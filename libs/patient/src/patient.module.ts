import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { PdsModule } from '@gw/pds';
import { PatientConfig } from './patient.config';
import { GpRecordModule } from '@gw/gp-record';
import { PatientIdMapStore } from './mapping/patient-id-map.store';
import { PatientIdResolver } from './mapping/patient-id.resolver';
import { PatientIdOwnership } from './mapping/patient-id-ownership';
import { PatientAccessPolicy } from './access/patient-access.policy';
import { PatientMatchStore } from './access/patient-match.store';
import { PatientStatusService } from './status/patient-status.service';

/**
 * Who the patient is and who may see them, shared by the PDQ/XCPD and XCA profiles: the patient-id
 * map and its resolver, id ownership, demographic matches, the access policy and the patient's
 * current PDS status. Needs the global KeyValueStore.
 */
@Module({
  imports: [PdsModule, GpRecordModule],
  providers: [
    configProvider(PatientConfig),
    PatientIdMapStore,
    PatientIdResolver,
    PatientIdOwnership,
    PatientMatchStore,
    PatientAccessPolicy,
    PatientStatusService,
  ],
  exports: [
    PatientConfig,
    PatientIdMapStore,
    PatientIdResolver,
    PatientIdOwnership,
    PatientMatchStore,
    PatientAccessPolicy,
    PatientStatusService,
  ],
})
export class PatientModule {}
