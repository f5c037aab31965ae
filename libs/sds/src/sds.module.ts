import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { AuthModule } from '@gw/auth';
import { SdsClient } from './sds-client';
import { SdsConfig } from './sds.config';
import { SdsHttpClient } from './sds-http.client';

/** SDS FHIR: binds the SdsClient port to the HTTP adapter (uses the global KeyValueStore when present). */
@Module({
  imports: [AuthModule],
  providers: [configProvider(SdsConfig), { provide: SdsClient, useClass: SdsHttpClient }],
  exports: [SdsClient, SdsConfig],
})
export class SdsModule {}
