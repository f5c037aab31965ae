import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { EnvConfig, EnvList } from '@gw/config';

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

  /** Clock skew tolerated on NotBefore/NotOnOrAfter, in seconds. */
  @IsInt()
  @Min(0)
  @Max(3600)
  XUA_CLOCK_SKEW_S: number = 60;
}
