import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CONFIG_ENV, describeConfig } from '@gw/config';
import { AdminApi } from '../admin-api.decorator';

@AdminApi('config')
@Controller('admin/config')
export class ConfigAdminController {
  /** The settings this app reads: the process environment with the app's overlay, if any. */
  constructor(@Optional() @Inject(CONFIG_ENV) private readonly env: NodeJS.ProcessEnv = process.env) {}

  @Get()
  @ApiOperation({ summary: 'The runtime configuration, grouped by config class; secrets shown as ***' })
  @ApiOkResponse({ description: 'Map of config class name → { ENV_VAR: value }' })
  read(): Record<string, Record<string, unknown>> {
    return describeConfig(this.env);
  }
}
