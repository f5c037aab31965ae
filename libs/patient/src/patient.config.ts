import { IsBoolean, IsInt, Matches, Max, Min } from 'class-validator';
import { EnvBoolean, EnvConfig, EnvList } from '@gw/config';

// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
const OID = /^[0-2](\.(0|[1-9]\d*))+$/;

/**
 * Which callers' patient ids (Epic Care Everywhere ids) the gateway keeps as mappings to the NHS
 * number, who may map them, and when a caller may see a patient's record: how long a demographic
 * match and a PDS status hold.
 */
@EnvConfig()
export class PatientConfig {
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

  /**
   * How long a patient's PDS status (restricted, invalidated, …) is trusted before ITI-38/39 read it
   * again, in seconds. Every disclosure of a cached document checks it; 0 reads PDS every time.
   */
  @IsInt()
  @Min(0)
  @Max(3600)
  XCA_PATIENT_STATUS_TTL_S: number = 300;

  /**
   * How long a demographic match (ITI-55/47 confirming a patient for an organisation) lets that
   * organisation query and retrieve the patient by NHS number, in seconds; default 12 hours.
   */
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  XCA_MATCH_WINDOW_S: number = 12 * 3600;

  /**
   * Answer ITI-38/39 for a bare NHS number without a prior demographic match by the same
   * organisation (CONNECT's trust mode). Off by default (verify mode).
   */
  @EnvBoolean()
  @IsBoolean()
  XCA_TRUST_BARE_NHS_NUMBER: boolean = false;
}

/** Epic's Care Everywhere id authorities: 1.2.840.114350.1.13.<org>.<env>.7.3.688884.100. */
export const EPIC_CEID_PATTERN = /^1\.2\.840\.114350\.1\.13\.\d+\.\d+\.7\.3\.688884\.100$/;
