import type { Provider } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { XdsMetadataConfig } from '../xds';
import { Iti38Handler } from '../iti-38/iti-38.handler';
import { Iti38QueryService } from '../iti-38/iti-38-query.service';
import { Iti39Handler } from '../iti-39/iti-39.handler';
import { Iti39RetrieveService } from '../iti-39/iti-39-retrieve.service';
import { DocumentEntryFactory } from './document-entry.factory';
import { GpRecordDocumentService } from './gp-record-document.service';
import { GpRecordConfig } from './gp-record.config';
import { GpRecordStore } from './gp-record.store';

/**
 * Providers of XCA (ITI-38/39) and the GP record document service, listed in IheModule. They need
 * IheConfig and PatientIdResolver (IheModule), CcdRenderer (CcdaModule), GpRecordFetcher (GpConnectModule), the global
 * KeyValueStore and AuditService.
 */
export const XCA_PROVIDERS: Provider[] = [
  configProvider(GpRecordConfig),
  configProvider(XdsMetadataConfig),
  GpRecordStore,
  GpRecordDocumentService,
  DocumentEntryFactory,
  Iti38QueryService,
  Iti39RetrieveService,
  Iti38Handler,
  Iti39Handler,
];

/** What the admin document endpoints use. */
export const XCA_EXPORTS = [GpRecordDocumentService, DocumentEntryFactory, GpRecordConfig, XdsMetadataConfig];
