// Public surface of the converter: `convertBundleToCcd(bundle, options) → { xml, report }` (pure, no Nest).
// The Nest wrapper lives in `@gw/ccda/nest` so this core stays framework-free.
export { convertBundleToCcd } from './convert-bundle';
export type { CcdResult } from './convert-bundle';
export type { CcdOptions, InstanceIdentifier, OrganizationInfo, PostalAddress, InformationRecipient, AuthoringSystem } from './ccd-options';
export type { ConversionReport, ReportItem, SectionReport, ItemOutcome } from './conversion-report';
export { CcdaInputError } from './ccda-input.error';
export type { CcdaInputErrorCode } from './ccda-input.error';
export { TEMPLATES, type TemplateRef } from './hl7/template-ids';
export { CcdaConfig } from './ccda.config';
export { ccdOptionsFromConfig } from './ccd-options.from-config';
export type { CcdRequest } from './ccd-options.from-config';
