// Public surface of the converter: `convertBundleToCcd(bundle, options) → { xml, report }` (pure, no Nest),
// and the gateway's wrapper: `CcdaModule` providing `CcdaService` as the `CcdRenderer` port.
export { convertBundleToCcd } from './convert-bundle';
export type { CcdResult } from './convert-bundle';
export type { CcdOptions, InstanceIdentifier, OrganizationInfo, PostalAddress, InformationRecipient, AuthoringSystem } from './ccd-options';
export type { ConversionReport, DocumentHeader, ReportItem, SectionReport, ItemOutcome } from './conversion-report';
export { CcdaInputError } from './ccda-input.error';
export type { CcdaInputErrorCode } from './ccda-input.error';
export { TEMPLATES, type TemplateRef } from './hl7/template-ids';
export { CcdaConfig } from './ccda.config';
export { ccdOptionsFromConfig } from './ccd-options.from-config';
export type { CcdRequest } from './ccd-options.from-config';
export { CcdaModule } from './nest/ccda.module';
export { CcdaService } from './nest/ccda.service';
export { CcdRenderer } from './nest/ccd-renderer.port';
export type { CcdRenderRequest, RenderedCcd } from './nest/ccd-renderer.port';
