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

  /** Folder where the demo signer's key and certificate are kept (reused across starts, read by `npm run demo`); `:memory:` = this process only. */
  @IsString()
  @IsOptional()
  XUA_DEMO_SIGNER_DIR = '.state';
}
