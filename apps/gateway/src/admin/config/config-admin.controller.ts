import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { describeConfig } from '@gw/config';
import { AdminApi } from '../admin-api.decorator';

@AdminApi('config')
@Controller('admin/config')
export class ConfigAdminController {
  @Get()
  @ApiOperation({ summary: 'The runtime configuration, grouped by config class; secrets shown as ***' })
  @ApiOkResponse({ description: 'Map of config class name → { ENV_VAR: value }' })
  read(): Record<string, Record<string, unknown>> {
    return describeConfig();
  }
}
