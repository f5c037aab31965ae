import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
const URN_OID = /^urn:oid:[0-2](\.(0|[1-9]\d*))+$/;
/** A SHA-256 certificate fingerprint: 64 hex digits, optionally colon-separated (as openssl prints it); the digit count is checked on reading. */
const SHA256_FINGERPRINT = /^[0-9A-Fa-f:]{64,95}$/;

/** How a request is matched to the partner: its mTLS client certificate, and/or the Issuer of its SAML assertion. */
export class PartnerMatchRule {
  @IsOptional()
  @IsArray()
  @Matches(SHA256_FINGERPRINT, { each: true, message: 'clientCertificateSha256 must be SHA-256 fingerprints' })
  clientCertificateSha256?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  samlIssuers?: string[];
}

/** Switches for a partner's known deviations; each defaults to the lenient reading. */
export class PartnerQuirks {
  /** Accept the purpose of use in Epic's `PurposeForUse` element (the XSPA name is `PurposeOfUse`). Default true. */
  @IsOptional()
  @IsBoolean()
  epicPurposeForUse?: boolean;
}

/** One partner of the gateway, as written in the XUA_PARTNERS_FILE (JSON). Certificates are PEM file paths or inline PEM. */
export class PartnerProfileEntry {
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'id must be lower-case letters, digits and dashes (it is a metric label)' })
  id!: string;

  @IsString()
  @MaxLength(200)
  name!: string;

  @ValidateNested()
  @Type(() => PartnerMatchRule)
  match!: PartnerMatchRule;

  /** The certificates (pinned signers or issuing CAs) this partner's assertions must be signed with. */
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  trustedCertificates!: string[];

  /** The partner's homeCommunityId(s); an assertion naming another one is refused. Absent: not checked. */
  @IsOptional()
  @IsArray()
  @Matches(URN_OID, { each: true, message: 'homeCommunityIds must be urn:oid:<OID>' })
  homeCommunityIds?: string[];

  /** Addresses this partner may ask deferred answers to be sent to (exact URLs). */
  @IsOptional()
  @IsArray()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { each: true })
  replyTo?: string[];

  /** Accepted PurposeOfUse codes; absent: XUA_ALLOWED_PURPOSES_OF_USE. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  purposesOfUse?: string[];

  /** Clock skew allowed for this partner's times, in seconds; absent: XUA_CLOCK_SKEW_S. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600)
  clockSkewSeconds?: number;

  /** Attributes this partner's assertions must carry; absent: XUA_REQUIRED_ATTRIBUTES. */
  @IsOptional()
  @IsArray()
  @IsIn(['subject-id', 'organization', 'organization-id', 'homeCommunityId', 'role', 'purposeofuse', 'resource-id'], { each: true })
  requiredAttributes?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => PartnerQuirks)
  quirks?: PartnerQuirks;
}

export class PartnerProfilesFile {
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => PartnerProfileEntry)
  partners!: PartnerProfileEntry[];
}
