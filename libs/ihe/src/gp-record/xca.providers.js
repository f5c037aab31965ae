"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.XCA_EXPORTS = exports.XCA_PROVIDERS = void 0;
const config_1 = require("../../../config/src/index.js");
const xds_1 = require("../xds");
const iti_38_handler_1 = require("../iti-38/iti-38.handler");
const iti_38_query_service_1 = require("../iti-38/iti-38-query.service");
const iti_39_handler_1 = require("../iti-39/iti-39.handler");
const iti_39_retrieve_service_1 = require("../iti-39/iti-39-retrieve.service");
const ccd_renderer_1 = require("./ccd-renderer");
const ccda_ccd_renderer_1 = require("./ccda-ccd.renderer");
const document_entry_factory_1 = require("./document-entry.factory");
const gp_record_document_service_1 = require("./gp-record-document.service");
const gp_record_config_1 = require("./gp-record.config");
const gp_record_store_1 = require("./gp-record.store");
/**
 * Providers of XCA (ITI-38/39) and the GP record document service, listed in IheModule. They need
 * IheConfig and PatientIdResolver (IheModule), GpRecordFetcher (GpConnectModule), the global
 * KeyValueStore and AuditService.
 */
exports.XCA_PROVIDERS = [
    (0, config_1.configProvider)(gp_record_config_1.GpRecordConfig),
    (0, config_1.configProvider)(xds_1.XdsMetadataConfig),
    gp_record_store_1.GpRecordStore,
    { provide: ccd_renderer_1.CcdRenderer, useClass: ccda_ccd_renderer_1.CcdaCcdRenderer },
    gp_record_document_service_1.GpRecordDocumentService,
    document_entry_factory_1.DocumentEntryFactory,
    iti_38_query_service_1.Iti38QueryService,
    iti_39_retrieve_service_1.Iti39RetrieveService,
    iti_38_handler_1.Iti38Handler,
    iti_39_handler_1.Iti39Handler,
];
/** What the admin document endpoints use. */
exports.XCA_EXPORTS = [gp_record_document_service_1.GpRecordDocumentService, document_entry_factory_1.DocumentEntryFactory, gp_record_config_1.GpRecordConfig, xds_1.XdsMetadataConfig];
//# sourceMappingURL=xca.providers.js.map