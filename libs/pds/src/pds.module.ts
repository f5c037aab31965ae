import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { AuthModule } from '@gw/auth';
import { PdsClient } from './pds-client';
import { PdsConfig } from './pds.config';
import { PdsHttpClient } from './pds-http.client';

/** PDS FHIR R4: binds the PdsClient port to the HTTP adapter. */
@Module({
  imports: [AuthModule],
  providers: [configProvider(PdsConfig), { provide: PdsClient, useClass: PdsHttpClient }],
  exports: [PdsClient, PdsConfig],
})
export class PdsModule {}
