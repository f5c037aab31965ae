import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { AuthModule } from '@gw/auth';
import { PdsModule } from '@gw/pds';
import { SdsModule } from '@gw/sds';
import { GpConnectClient } from './gp-connect-client';
import { GpConnectConfig } from './gp-connect.config';
import { GpConnectHttpClient } from './gp-connect-http.client';
import { GpRecordFetcher } from './gp-record-fetcher.service';

/** GP Connect Access Record Structured, plus GpRecordFetcher (PDS → SDS → GP Connect) for the XCA side. */
@Module({
  imports: [AuthModule, PdsModule, SdsModule],
  providers: [configProvider(GpConnectConfig), { provide: GpConnectClient, useClass: GpConnectHttpClient }, GpRecordFetcher],
  exports: [GpConnectClient, GpRecordFetcher, GpConnectConfig],
})
export class GpConnectModule {}
