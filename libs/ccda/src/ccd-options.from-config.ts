import { CcdaConfig } from './ccda.config';
import { CcdOptions, InformationRecipient, InstanceIdentifier } from './ccd-options';

export interface CcdRequest {
  documentId?: InstanceIdentifier | string;
  effectiveTime?: Date;
  informationRecipient?: InformationRecipient;
  /** OperationOutcome warnings that came beside the bundle. */
  warnings?: unknown[];
}

/** Converter options from the gateway configuration plus the per-document values. */
export function ccdOptionsFromConfig(c: CcdaConfig, req: CcdRequest = {}): CcdOptions {
  const lines = c.CCDA_CUSTODIAN_ADDRESS_LINES ?? [];
  return {
    documentId: req.documentId,
    effectiveTime: req.effectiveTime,
    timezoneOffsetMinutes: Number(c.CCDA_TIMEZONE_OFFSET_MINUTES),
    custodian: {
      name: c.CCDA_CUSTODIAN_NAME,
      root: c.CCDA_CUSTODIAN_OID,
      extension: c.CCDA_CUSTODIAN_ID || undefined,
      telecom: c.CCDA_CUSTODIAN_TELECOM || undefined,
      address:
        lines.length || c.CCDA_CUSTODIAN_CITY
          ? { lines, city: c.CCDA_CUSTODIAN_CITY, postalCode: c.CCDA_CUSTODIAN_POSTCODE, country: 'GB' }
          : undefined,
    },
    localIdRoot: c.CCDA_LOCAL_ID_ROOT,
    informationRecipient: req.informationRecipient,
    warnings: req.warnings,
  };
}
