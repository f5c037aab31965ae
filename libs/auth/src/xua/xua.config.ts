import { IsBoolean, IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { EnvBoolean, EnvConfig, EnvList } from '@gw/config';

export const XUA_MODES = ['off', 'validate-if-present', 'required'] as const;
export type XuaMode = (typeof XUA_MODES)[number];

/** XUA (SAML 2.0 in WS-Security) settings. Property names are the environment variable names. */
@EnvConfig()
export class XuaConfig {
  /**
   * off: assertions are ignored; validate-if-present: an assertion that is sent must verify;
   * required: every request must carry a verified assertion. Default `required`: the gateway
   * discloses GP records, so it fails closed until a deployment decides otherwise.
   */
  @IsIn(XUA_MODES)
  XUA_MODE: XuaMode = 'required';

  /** Trusted signing certificates: PEM file paths or inline PEM, comma-separated. */
  @EnvList()
  @IsString({ each: true })
  XUA_TRUSTED_CERTS: string[] = [];

  /** Accepted saml2:Audience values (comma-separated); empty = audience not checked. */
  @EnvList()
  @IsString({ each: true })
  XUA_AUDIENCE: string[] = [];

  /**
   * XUA attributes every assertion must carry, by short name (subject-id, organization,
   * organization-id, homeCommunityId, role, purposeofuse, resource-id). Default: who is asking and why.
   */
  @EnvList()
  @IsIn(['subject-id', 'organization', 'organization-id', 'homeCommunityId', 'role', 'purposeofuse', 'resource-id'], { each: true })
  XUA_REQUIRED_ATTRIBUTES: string[] = ['subject-id', 'purposeofuse'];

  /**
   * Purpose-of-use codes accepted (NHIN TREATMENT and HL7 TREAT by default: the gateway discloses GP
   * records for care). Empty = any purpose.
   */
  @EnvList()
  @IsString({ each: true })
  XUA_ALLOWED_PURPOSES_OF_USE: string[] = ['TREATMENT', 'TREAT'];

  /** Require an AuthnStatement and a SubjectConfirmation (holder-of-key, sender-vouches or bearer), as XUA does. */
  @EnvBoolean()
  @IsBoolean()
  XUA_REQUIRE_AUTHN_STATEMENT: boolean = true;

  /** Clock skew tolerated on NotBefore/NotOnOrAfter, in seconds. */
  @IsInt()
  @Min(0)
  @Max(3600)
  XUA_CLOCK_SKEW_S: number = 60;
}
