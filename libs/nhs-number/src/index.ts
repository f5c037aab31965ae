// The NHS number: one check shared by the PDS client, the converter, the IHE handlers and the
// sandbox, so the gateway never disagrees with itself about which numbers are valid.
export * from './nhs-number.util';
