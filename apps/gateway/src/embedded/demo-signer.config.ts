import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { EnvBoolean, EnvConfig } from '@gw/config';

/** The demo XUA signer of the embedded NHS sandbox. Property names are the environment variable names. */
@EnvConfig()
export class DemoSignerConfig {
  /**
   * With the embedded NHS sandbox only (no NHS base URLs configured): trust a generated demo XUA signer, so
   * `npm run demo` and the signed examples work with XUA required. Never trusted with real NHS endpoints.
   */
  @EnvBoolean()
  @IsBoolean()
  XUA_DEMO_SIGNER: boolean = true;

  /**
   * Also trust the demo signer when the NHS base URLs point at the NHS sandbox run as its own service (the
   * compose stack). Boot is refused when any NHS base URL is an NHS England host (nhs.uk), so real NHS
   * endpoints never come with the demo signer.
   */
  @EnvBoolean()
  @IsBoolean()
  XUA_DEMO_SIGNER_SANDBOX_SERVICE: boolean = false;

  /**
   * Folder where the demo signer's key and certificate are kept (reused across starts, read by `npm run demo`);
   * empty = the gateway's state folder (GATEWAY_STATE_DIR, else `.state/`); `:memory:` = this process only.
   */
  @IsString()
  @IsOptional()
  XUA_DEMO_SIGNER_DIR = '';
}
