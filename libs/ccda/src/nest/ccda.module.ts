import { Module } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { CcdaConfig } from '../ccda.config';
import { CcdRenderer } from './ccd-renderer.port';
import { CcdaService } from './ccda.service';

/** The converter as the gateway uses it: CcdaService, also provided as the CcdRenderer port. */
@Module({
  providers: [configProvider(CcdaConfig), CcdaService, { provide: CcdRenderer, useExisting: CcdaService }],
  exports: [CcdaService, CcdRenderer, CcdaConfig],
})
export class CcdaModule {}
