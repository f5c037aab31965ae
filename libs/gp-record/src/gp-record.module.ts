import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { CcdaModule } from '@gw/ccda';
import { GpConnectModule } from '@gw/gp-connect';
import { GpRecordDocumentService } from './gp-record-document.service';
import { GpRecordConfig } from './gp-record.config';
import { GpRecordStore } from './gp-record.store';

/**
 * The GP record document: fetch (PDS → SDS → GP Connect) → convert (C-CDA CCD) → store, one
 * single-flight generation per patient. Needs the global KeyValueStore.
 */
@Module({
  // CcdaModule provides the CcdRenderer port (CcdaService).
  imports: [GpConnectModule, CcdaModule],
  providers: [configProvider(GpRecordConfig), GpRecordStore, GpRecordDocumentService],
  exports: [GpRecordConfig, GpRecordStore, GpRecordDocumentService],
})
export class GpRecordModule {}
