import { IsBoolean, IsInt, Matches, Max, Min } from 'class-validator';
import { EnvBoolean, EnvConfig, EnvList } from '@gw/config';

// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
const URN_OID = /^urn:oid:[0-2](\.(0|[1-9]\d*))+$/;

/**
 * The gateway's IHE identity, shared by ITI-47/55 and ITI-38/39. Defaults sit under the IHE
 * test arc (1.3.6.1.4.1.21367.13.20) so nothing real is claimed; every deployment sets its own.
 */
@EnvConfig()
export class IheConfig {
  /** Our homeCommunityId (urn:oid:…): XCPD custodian, XCA `home`, HL7 sender organisation. */
  @Matches(URN_OID, { message: '$property must be urn:oid:<OID>' })
  HOME_COMMUNITY_ID = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';

  /** XDS repositoryUniqueId of the gateway's document repository (OID). */
  @Matches(OID, { message: '$property must be an OID' })
  REPOSITORY_UNIQUE_ID = '1.3.6.1.4.1.21367.13.20.4000.1';

  /** HL7 v3 sender device id root (OID) of the gateway. */
  @Matches(OID, { message: '$property must be an OID' })
  HL7_DEVICE_OID = '1.3.6.1.4.1.21367.13.20.4000.2';

  /**
   * Assigning authorities whose patient ids are kept as mappings to the NHS number (Epic Care
   * Everywhere ids), exact OIDs, comma-separated.
   */
  @EnvList()
  @Matches(OID, { each: true, message: '$property must be OIDs' })
  CEID_ASSIGNING_AUTHORITY_OIDS: string[] = ['1.2.840.114350.1.13.525.3.7.3.688884.100'];

  /**
   * Also treat as CEID authorities the OIDs matching Epic's pattern
   * 1.2.840.114350.1.13.<org>.<env>.7.3.688884.100 (any Epic organisation).
   */
  @EnvBoolean()
  @IsBoolean()
  CEID_MATCH_EPIC_PATTERN: boolean = true;

  /**
   * PDQv3/XCPD: answer a query that carries only an identifier (no name and birth date to check
   * against PDS). Off by default: a match is disclosed only when demographics confirm it.
   */
  @EnvBoolean()
  @IsBoolean()
  PDQ_ALLOW_ID_ONLY_MATCH: boolean = false;

  /**
   * Owners of patient-id assigning authorities, comma-separated `<authority OID>=<owner>` pairs, the
   * owner being the homeCommunityId (or, without one, the organization-id) of the partner's XUA
   * assertion, e.g. "1.2.840.114350.1.13.525.3.7.3.688884.100=urn:oid:1.2.840.114350.1.13.525.2".
   * A listed authority accepts ids only from its owner; an unlisted one belongs to the first
   * organisation that maps an id in it.
   */
  @EnvList()
  // eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
  @Matches(/^[0-2](\.(0|[1-9]\d*))+=\S{1,256}$/, { each: true, message: '$property must be <OID>=<owner> pairs' })
  PATIENT_ID_AUTHORITY_OWNERS: string[] = [];

  /** Longest patient id extension accepted (a CEID); longer ones are refused as malformed. */
  @IsInt()
  @Min(1)
  @Max(256)
  PATIENT_ID_MAX_EXTENSION_LENGTH: number = 64;

  /** Most mapped patient ids (CEIDs, all authorities together) kept for one NHS number; a new one beyond is refused. */
  @IsInt()
  @Min(1)
  @Max(1000)
  PATIENT_ID_MAX_PER_PATIENT: number = 20;
}

/** Root of the NHS number (HL7 UK). */
export const NHS_NUMBER_OID = '2.16.840.1.113883.2.1.4.1';
/** Root of ODS organisation codes (HL7 UK). */
export const ODS_ORG_OID = '2.16.840.1.113883.2.1.4.3';
export const EPIC_CEID_PATTERN = /^1\.2\.840\.114350\.1\.13\.\d+\.\d+\.7\.3\.688884\.100$/;

/** The OID of a urn:oid: value (or the value itself when it is a bare OID). */
export function oidOf(value: string): string {
  return value.replace(/^urn:oid:/i, '');
}
