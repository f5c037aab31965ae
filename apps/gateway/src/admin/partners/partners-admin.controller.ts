import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { PartnerDirectory, type PartnerSummary } from '@gw/xua';
import { AdminApi } from '../admin-api.decorator';
import { AdminBrowserView } from '../admin-browser-view.decorator';

export interface PartnersAnswer {
  /** False when XUA_PARTNERS_FILE is not set: the XUA_* settings apply to every caller. */
  enabled: boolean;
  partners: PartnerSummary[];
}

/** The partner profiles in force: match rules, certificate subjects and fingerprints, policy; never certificate or key material. */
@AdminApi('partners')
@Controller('admin/partners')
export class PartnersAdminController {
  constructor(private readonly directory: PartnerDirectory) {}

  @Get()
  @AdminBrowserView()
  @ApiOperation({ summary: 'Partner profiles (XUA_PARTNERS_FILE) in force; SIGHUP reloads the file' })
  @ApiOkResponse({ description: '{ enabled, partners: [...] }' })
  list(): PartnersAnswer {
    return { enabled: this.directory.enabled, partners: this.directory.list() };
  }
}
