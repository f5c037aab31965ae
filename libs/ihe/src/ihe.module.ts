import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { AuditModule } from '@gw/audit';
import { PdsModule } from '@gw/pds';
import { GpConnectModule } from '@gw/gp-connect';
import { CcdaModule } from '@gw/ccda';
import { IheConfig } from './ihe.config';
import { PatientIdMapStore } from './patient-mapping/patient-id-map.store';
import { PatientIdResolver } from './patient-mapping/patient-id.resolver';
import { PatientIdOwnership } from './patient-mapping/patient-id-ownership';
import { PatientAccessPolicy } from './patient-access/patient-access.policy';
import { PatientMatchStore } from './patient-access/patient-match.store';
import { PatientStatusService } from './patient-status/patient-status.service';
import { PatientDiscoveryService } from './hl7v3/patient-discovery.service';
import { Iti47Handler } from './iti-47/iti-47.handler';
import { Iti55Handler } from './iti-55/iti-55.handler';
import { XCA_EXPORTS, XCA_PROVIDERS } from './gp-record/xca.providers';

/**
 * The IHE transactions. Each `@IheTransaction` provider listed here is picked up by the SOAP
 * dispatcher at boot. Needs the global KeyValueStore (GatewayCacheModule).
 */
@Module({
  imports: [PdsModule, AuditModule, GpConnectModule, CcdaModule],
  providers: [
    configProvider(IheConfig),
    PatientIdMapStore,
    PatientIdResolver,
    PatientIdOwnership,
    PatientMatchStore,
    PatientAccessPolicy,
    PatientStatusService,
    PatientDiscoveryService,
    Iti47Handler,
    Iti55Handler,
    ...XCA_PROVIDERS,
  ],
  exports: [IheConfig, PatientIdMapStore, PatientIdResolver, ...XCA_EXPORTS],
})
export class IheModule {}
